package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.notify.OrgNotifications;
import dev.ecsguardrail.notify.OrgReportHtml;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgDigest;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportCsv;
import dev.ecsguardrail.org.OrgReportJson;
import dev.ecsguardrail.org.WeeklyKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organization's weekly run: reads every member report of this ISO week (paged, at most {@code
 * parallelism} reads at once), builds the report against the accounts and Regions that should have
 * reported, writes it beside the inputs ({@code weekly/<week>/org-report.json}, {@code .csv}, ...),
 * and sends one digest. It keeps nothing but what the bucket holds: last week's {@code
 * org-report.json} gives the trend.
 */
public final class OrgDigestRun {

  private static final Logger LOG = LoggerFactory.getLogger(OrgDigestRun.class);

  /** A file of the report: its name beside the inputs, its type, its bytes. */
  public record Output(String name, String contentType, Function<OrgReport, byte[]> render) {}

  /** What every run writes beside the inputs: the digest links each one. */
  public static final List<Output> OUTPUTS =
      List.of(
          new Output(
              "org-report.json",
              "application/json",
              r -> OrgReportJson.write(r).toString().getBytes(StandardCharsets.UTF_8)),
          new Output(
              "org-report.csv",
              "text/csv; charset=utf-8",
              r -> OrgReportCsv.write(r).getBytes(StandardCharsets.UTF_8)),
          new Output(
              "org-report.html",
              "text/html; charset=utf-8",
              r -> OrgReportHtml.write(r).getBytes(StandardCharsets.UTF_8)));

  public record Result(OrgReport report, List<String> written) {}

  private final WeeklyReports bucket;
  private final OrganizationAccounts accounts;
  private final List<String> regions;
  private final Topic topic;
  private final List<Output> outputs;
  private final int parallelism;
  private final Clock clock;

  public OrgDigestRun(
      WeeklyReports bucket,
      OrganizationAccounts accounts,
      List<String> regions,
      Topic topic,
      List<Output> outputs,
      int parallelism,
      Clock clock) {
    this.bucket = bucket;
    this.accounts = accounts;
    this.regions = List.copyOf(regions);
    this.topic = topic;
    this.outputs = List.copyOf(outputs);
    this.parallelism = parallelism;
    this.clock = clock;
  }

  public Result run() {
    LocalDate today = LocalDate.now(clock);
    String week = WeeklyKey.week(today);
    List<WeeklyKey> keys =
        bucket.keys(WeeklyKey.prefix(week)).stream()
            .map(WeeklyKey::parse)
            .flatMap(Optional::stream)
            .toList();
    List<MemberReport> reports = new ArrayList<>();
    List<OrgReport.Damaged> damaged = new ArrayList<>();
    read(keys, reports, damaged);
    OrgReport report =
        OrgDigest.build(week, reports, damaged, accounts.active(), regions, history(today));
    Map<String, String> links = new LinkedHashMap<>();
    List<String> written = new ArrayList<>();
    for (Output output : outputs) {
      String key = WeeklyKey.prefix(week) + output.name();
      bucket.put(key, output.render().apply(report), output.contentType());
      written.add(key);
      links.put(output.name().substring(output.name().lastIndexOf('.') + 1), bucket.link(key));
    }
    topic.publish(OrgNotifications.digest(report, links));
    LOG.info(
        "organization digest sent",
        entry("week", week),
        entry("reports", reports.size()),
        entry("damaged", damaged.size()),
        entry("missing", report.missing().size()));
    return new Result(report, written);
  }

  /**
   * Every key read once, at most {@code parallelism} at a time; a bad object is named, not lost.
   */
  private void read(
      List<WeeklyKey> keys, List<MemberReport> reports, List<OrgReport.Damaged> damaged) {
    Semaphore permits = new Semaphore(parallelism);
    List<Future<Object>> reads = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (WeeklyKey key : keys) {
        reads.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return readOne(key);
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (Future<Object> read : reads) {
        Object result = read.get();
        if (result instanceof MemberReport r) {
          reports.add(r);
        } else {
          damaged.add((OrgReport.Damaged) result);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the week's reports", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "reading the week's reports failed: " + e.getCause(), e.getCause());
    }
  }

  private Object readOne(WeeklyKey key) {
    Optional<byte[]> object = bucket.get(key.key());
    if (object.isEmpty()) {
      return new OrgReport.Damaged(key.key(), "listed, then gone");
    }
    try {
      return MemberReport.read(object.get(), key);
    } catch (MalformedEventException e) {
      LOG.warn(
          "member report unreadable", entry("key", key.key()), entry("reason", e.getMessage()));
      return new OrgReport.Damaged(key.key(), e.getMessage());
    }
  }

  /** Last week's totals and trend, from last week's org report; empty when there is none. */
  private Optional<OrgReport.History> history(LocalDate today) {
    String key = WeeklyKey.prefix(WeeklyKey.week(today.minusWeeks(1))) + "org-report.json";
    try {
      return bucket.get(key).map(json -> OrgReportJson.history(json, key));
    } catch (MalformedEventException e) {
      LOG.warn(
          "last week's org report unreadable: no trend",
          entry("key", key),
          entry("reason", e.getMessage()));
      return Optional.empty();
    }
  }
}
