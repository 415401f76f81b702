package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.flow.EventLedger.Claim;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.org.WeeklyKey;
import dev.ecsguardrail.orphan.DigestTotals;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.SweepResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly sweep and digest: one digest per ISO week (a repeated invocation is a duplicate), with
 * last week's totals for the trend. Totals are kept only from a complete sweep, so an incomplete
 * one never becomes next week's baseline. The sweep also goes to the organization's bucket, when
 * there is one ({@link OrgReportPublisher}).
 */
public final class DigestGuard {

  private static final Logger LOG = LoggerFactory.getLogger(DigestGuard.class);

  private final InventorySource inventories;
  private final SweepCheck check;
  private final PolicyCache policies;
  private final Topic topic;
  private final EventLedger ledger;
  private final DigestHistory history;
  private final boolean sendAllClear;
  private final SecurityHubPublisher findings;
  private final OrgReportPublisher orgReport;
  private final Clock clock;

  /**
   * @param policies the policy the standing findings are judged by, as on the event path
   * @param sendAllClear send a short digest when nothing was left behind
   * @param findings where the standing findings live on ({@link SecurityHubPublisher#OFF} without
   *     Security Hub): the sweep is their lifecycle
   * @param orgReport where the sweep's complete result goes for the organization ({@link
   *     OrgReportPublisher#OFF} without a bucket)
   */
  public DigestGuard(
      InventorySource inventories,
      SweepCheck check,
      PolicyCache policies,
      Topic topic,
      EventLedger ledger,
      DigestHistory history,
      boolean sendAllClear,
      SecurityHubPublisher findings,
      OrgReportPublisher orgReport,
      Clock clock) {
    this.inventories = inventories;
    this.check = check;
    this.policies = policies;
    this.topic = topic;
    this.ledger = ledger;
    this.history = history;
    this.sendAllClear = sendAllClear;
    this.findings = findings;
    this.orgReport = orgReport;
    this.clock = clock;
  }

  /**
   * @param sweep {@code null} for a duplicate
   */
  public record Result(String key, boolean duplicate, SweepResult sweep, boolean sent) {}

  public Result run(String account, String region, Instant deadline) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    String key = "digest/" + account + "/" + region + "/" + WeeklyKey.week(today);
    Optional<Claim> claim = ledger.claim(key);
    if (claim.isEmpty()) {
      LOG.info("digest already sent this week", entry("eventKey", key));
      return new Result(key, true, null, false);
    }
    try {
      Inventory inventory = inventories.sweep(account, region, deadline);
      SweepResult sweep =
          check.judge(inventory, policies.current().policy(), clock.instant(), inventories::tags);
      Optional<DigestTotals> previous = history.previous();
      boolean send =
          !sweep.orphans().isEmpty()
              || !sweep.standingFindings().isEmpty()
              || !sweep.complete()
              || sendAllClear;
      try {
        if (send) {
          topic.publish(OrphanNotifications.digest(sweep, previous, today));
        }
      } finally {
        // After the digest, whether or not it went out: neither waits on the other.
        orgReport.write(sweep, today);
      }
      findings.afterSweep(sweep, inventory, check.ruleIds());
      try {
        if (sweep.complete()) {
          history.save(DigestTotals.of(sweep));
        }
        ledger.complete(claim.get());
      } catch (RuntimeException e) {
        // The digest went out: failing now would send it again. A lost baseline costs one trend.
        LOG.error(
            "digest sent, but its totals or claim were not recorded",
            entry("eventKey", key),
            entry("failure", e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
      LOG.info(
          "digest",
          entry("eventKey", key),
          entry("complete", sweep.complete()),
          entry("skipped", sweep.skipped().size()),
          entry("orphans", sweep.orphans().size()),
          entry("standingFindings", sweep.standingFindings().size()),
          entry("monthlyCostUsd", sweep.totalMonthlyCostUsd().toPlainString()),
          entry("sent", send));
      return new Result(key, false, sweep, send);
    } catch (RuntimeException e) {
      ledger.release(claim.get());
      throw e;
    }
  }
}
