package dev.ecsguardrail.flow;

/** Where each account's weekly sweep goes for the whole organization (an S3 bucket). */
public interface OrgReportStore {

  /**
   * Stores the body under the key, replacing what was there.
   *
   * @param gzippedJson the body, gzip-compressed JSON
   * @return where it went ({@code s3://bucket/key}), for the log
   * @throws WriteFailedException when it was not stored
   */
  String put(String key, byte[] gzippedJson);

  /** Not stored: denied, no such bucket, or still failing after the client's retries. */
  final class WriteFailedException extends RuntimeException {
    public WriteFailedException(String location, Throwable cause) {
      super(location + ": " + cause.getMessage(), cause);
    }
  }
}
