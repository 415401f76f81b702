package dev.ecsguardrail.flow;

import java.util.List;
import java.util.Optional;

/** The organization's report bucket, as the org digest reads and writes it (S3 in production). */
public interface WeeklyReports {

  /** Every key under the prefix, all pages. */
  List<String> keys(String prefix);

  /** The object's bytes; empty when there is no such key. */
  Optional<byte[]> get(String key);

  void put(String key, byte[] body, String contentType);

  /** Where a person opens the object (the S3 console), for the digest's links. */
  String link(String key);
}
