package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.event.EventKey;
import dev.ecsguardrail.flow.ClusterDeletionCheck.Outcome;
import dev.ecsguardrail.flow.ClusterDeletionCheck.Status;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delayed re-check after a DeleteCluster: claim the event (once), check whether the cluster's
 * namespace was left behind, alert NS001 once. A check that could not see everything gives the
 * claim back and fails, so the message is retried (and in the end dead-lettered), never concluded.
 */
public final class ClusterDeletionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeletionGuard.class);

  private final ClusterDeletionCheck check;
  private final Topic topic;
  private final EventLedger ledger;
  private final PolicyCache policies;
  private final SecurityHubPublisher findings;
  private final Clock clock;

  /**
   * @param findings where NS001 lives on after the alert ({@link SecurityHubPublisher#OFF} without
   *     Security Hub)
   */
  public ClusterDeletionGuard(
      ClusterDeletionCheck check,
      Topic topic,
      EventLedger ledger,
      PolicyCache policies,
      SecurityHubPublisher findings,
      Clock clock) {
    this.check = check;
    this.topic = topic;
    this.ledger = ledger;
    this.policies = policies;
    this.findings = findings;
    this.clock = clock;
  }

  /**
   * What happened to one delivery; {@code outcome} and {@code decision} are {@code null} for a
   * duplicate.
   */
  public record Result(
      String key, boolean duplicate, Outcome outcome, Decision decision, boolean alerted) {}

  /** The sweep could not see everything: retry later rather than conclude. */
  public static final class IncompleteCheckException extends RuntimeException {
    IncompleteCheckException(String key, String detail) {
      super("event " + key + ": " + detail);
    }
  }

  /**
   * One DeleteCluster event.
   *
   * @throws MalformedEventException when it cannot be read (after reporting it: see {@link
   *     #reportMalformed})
   */
  public Result handle(JsonNode envelope, byte[] raw, Instant deadline) {
    String key = EventKey.of(envelope, raw);
    ClusterDeletion deletion = ClusterDeletionParser.parse(envelope);
    java.util.Optional<Result> result =
        ledger.once(key, claim -> checkAndAlert(deletion, key, deadline));
    if (result.isEmpty()) {
      LOG.info("duplicate delivery: already handled", entry("eventKey", key));
      return new Result(key, true, null, null, false);
    }
    return result.get();
  }

  private Result checkAndAlert(ClusterDeletion deletion, String key, Instant deadline) {
    Outcome outcome = check.check(deletion, deadline);
    LOG.info(
        "cluster deletion checked",
        entry("eventId", deletion.eventId()),
        entry("cluster", deletion.clusterName()),
        entry("namespace", outcome.namespaceArn()),
        entry("status", outcome.status().name()),
        entry("detail", outcome.detail()));
    if (outcome.status() == Status.INCOMPLETE) {
      throw new IncompleteCheckException(key, outcome.detail());
    }
    Decision decision =
        new PolicyEngine(policies.current().policy(), false)
            .decide(
                outcome.evaluation(deletion),
                outcome.tags(),
                LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    decision
        .verdicts()
        .forEach(
            v ->
                LOG.info(
                    "verdict",
                    entry("eventId", deletion.eventId()),
                    entry("ruleId", v.finding().ruleId()),
                    entry("resource", v.finding().resource()),
                    entry("verdict", v.outcome().label()),
                    entry("reason", v.reason())));
    boolean alert = !decision.alerted().isEmpty();
    if (alert) {
      topic.publish(OrphanNotifications.leftBehind(deletion, outcome.orphan(), decision));
    }
    // The check decided NS001 on the namespace: left behind, in use, exempt or gone.
    findings.afterEvaluation(
        decision.alerted(),
        outcome.namespaceArn() == null
            ? SecurityHubPublisher.Settled.NOTHING
            : new SecurityHubPublisher.Settled(
                Set.of(OrphanedNamespaceRule.INFO.id()), Set.of(outcome.namespaceArn())),
        deletion.eventTime(),
        deletion.eventId(),
        deletion.caller());
    return new Result(key, false, outcome, decision, alert);
  }

  /**
   * An event that cannot be read is reported (EV001, logged with its id) and not retried: a retry
   * cannot mend it.
   */
  public void reportMalformed(String messageId, String eventId, String reason) {
    LOG.error(
        "event cannot be evaluated: reported, not retried",
        entry("messageId", messageId),
        entry("eventId", eventId),
        entry("reason", reason));
    String where = "SQS message " + messageId + ": " + reason;
    Evaluation evaluation =
        new Evaluation(
            eventId,
            OrphanNotifications.ORPHAN,
            false,
            where,
            List.of(UnevaluableEventRule.finding(eventId, where)),
            null);
    topic.publish(
        NotificationRenderer.render(
            new PolicyEngine(policies.current().policy(), false)
                .decide(
                    evaluation,
                    ResourceTags.UNKNOWN,
                    LocalDate.now(clock.withZone(ZoneOffset.UTC)))));
  }
}
