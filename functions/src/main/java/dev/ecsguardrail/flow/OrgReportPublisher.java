package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.org.WeeklyKey;
import dev.ecsguardrail.orphan.SweepResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly sweep's complete result, for one picture of the whole organization ({@code
 * OrgReportBucket}): the JSON SQS subscribers of the digest receive ({@link ScanJson}), uncut and
 * gzipped, under {@code weekly/<ISO week>/<account>/<region>.json.gz}. The key is the idempotency:
 * a re-run of the week replaces the object. A write that fails is an operational alert, never a
 * lost digest. Off, it does nothing and calls nothing.
 */
public final class OrgReportPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(OrgReportPublisher.class);

  /** {@code OrgReportBucket} empty: nothing is written. */
  public static final OrgReportPublisher OFF = new OrgReportPublisher(null, null);

  private final OrgReportStore store;
  private final Topic topic;

  /**
   * @param topic where a failed write is reported
   */
  public OrgReportPublisher(OrgReportStore store, Topic topic) {
    this.store = store;
    this.topic = topic;
  }

  /** {@code weekly/<ISO week of day>/<account>/<region>.json.gz}: the digest's week. */
  public static String key(String account, String region, LocalDate day) {
    return WeeklyKey.of(WeeklyKey.week(day), account, region);
  }

  /** The sweep as {@link ScanJson}, every orphan and finding listed, gzipped. */
  public static byte[] body(SweepResult sweep) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      // Written as the digest's SQS body is, byte for byte.
      gzip.write(ScanJson.toJson(sweep).toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen in memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the sweep of {@code today}'s week; never throws.
   *
   * @return where it went, empty when off or when it failed (reported)
   */
  public Optional<String> write(SweepResult sweep, LocalDate today) {
    if (store == null) {
      return Optional.empty();
    }
    String key = key(sweep.account(), sweep.region(), today);
    try {
      String location = store.put(key, body(sweep));
      LOG.info("organization report written", entry("key", key), entry("location", location));
      return Optional.of(location);
    } catch (RuntimeException e) {
      // The digest is out (or failed on its own): this failure must not undo nor repeat it.
      report(key, e);
      return Optional.empty();
    }
  }

  private void report(String key, RuntimeException e) {
    String detail = e.getMessage();
    LOG.error("organization report not written", entry("key", key), entry("detail", detail));
    try {
      topic.publish(
          NotificationRenderer.operational(
              "Organization report not written",
              "The weekly sweep's copy for the organization ("
                  + key
                  + ") was not written: "
                  + detail,
              "The account's own digest is not affected. Check that OrgReportBucket exists, that"
                  + " its bucket policy lets this account's digest function put objects under"
                  + " weekly/ (and, with OrgReportKmsKeyArn, that the key policy lets it"
                  + " generate data keys); the next weekly sweep writes the week again.",
              "ecs-guardrail/org-report"));
    } catch (RuntimeException failed) {
      // Logged above: the topic that would carry it is failing too.
      LOG.error("organization report failure not reported", entry("error", failed.toString()));
    }
  }
}
