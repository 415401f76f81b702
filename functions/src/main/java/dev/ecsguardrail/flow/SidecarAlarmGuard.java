package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import dev.ecsguardrail.rules.SidecarMemoryAlarmRule;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a proxy-memory alarm's state change into SM001 (ALARM) or a recovery note (ALARM → OK),
 * once per event, judged by the policy like every finding (off, exempt by the service's or the
 * cluster's tags); INSUFFICIENT_DATA and other changes are logged only. An event that cannot be
 * read is reported, never dropped.
 */
public final class SidecarAlarmGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarAlarmGuard.class);

  private final Topic topic;
  private final EventLedger ledger;
  private final PolicyCache policies;
  private final ContextSource context;
  private final SecurityHubPublisher findings;
  private final Clock clock;

  /**
   * @param context where the service's and the cluster's tags (exemptions) are read
   * @param findings where SM001 lives on ({@link SecurityHubPublisher#OFF} without Security Hub)
   */
  public SidecarAlarmGuard(
      Topic topic,
      EventLedger ledger,
      PolicyCache policies,
      ContextSource context,
      SecurityHubPublisher findings,
      Clock clock) {
    this.topic = topic;
    this.ledger = ledger;
    this.policies = policies;
    this.context = context;
    this.findings = findings;
    this.clock = clock;
  }

  /** What was done: {@code fired}, {@code recovered}, {@code logged}, {@code duplicate}, ... */
  public String handle(byte[] event) {
    JsonNode envelope = StrictJson.treeOrNull(event);
    AlarmStateChange alarm;
    try {
      if (envelope == null) {
        throw new MalformedEventException("not JSON");
      }
      alarm = AlarmStateChangeParser.parse(envelope);
    } catch (MalformedEventException e) {
      String id = envelope == null ? "unknown" : envelope.path("id").asText("unknown");
      LOG.error("alarm event unreadable", entry("eventId", id), entry("reason", e.getMessage()));
      topic.publish(
          NotificationRenderer.render(
              new PolicyEngine(policies.current().policy(), false)
                  .decide(
                      unreadable(id, e.getMessage()),
                      ResourceTags.UNKNOWN,
                      LocalDate.now(clock.withZone(ZoneOffset.UTC)))));
      return "unreadable";
    }
    if (!alarm.fired() && !alarm.recovered()) {
      LOG.info(
          "alarm state logged",
          entry("eventId", alarm.eventId()),
          entry("alarm", alarm.alarmName()),
          entry("state", alarm.state()),
          entry("previousState", String.valueOf(alarm.previousState())));
      return "logged";
    }
    PolicyEngine engine = new PolicyEngine(policies.current().policy(), false);
    ResourceTags tags = tags(alarm);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Decision decision = engine.decide(evaluation(alarm), tags, today);
    boolean silent =
        alarm.fired()
            ? decision.alerted().isEmpty()
            : engine.silences(SidecarMemoryAlarmRule.INFO.id(), tags, today);
    if (silent) {
      keepFinding(alarm, decision);
      LOG.info(
          "SM001 not alerted: off or exempt by policy",
          entry("eventId", alarm.eventId()),
          entry("resource", alarm.resource()),
          entry(
              "reason",
              decision.verdicts().isEmpty()
                  ? "recovery of an alarm the policy silences"
                  : decision.verdicts().getFirst().reason()));
      return "silenced";
    }
    Optional<Boolean> sent =
        ledger.once(
            "alarm/" + alarm.eventId(),
            claim -> {
              topic.publish(
                  alarm.fired()
                      ? SidecarAlarmNotifications.fired(alarm, decision)
                      : SidecarAlarmNotifications.recovered(alarm, decision));
              keepFinding(alarm, decision);
              return true;
            });
    if (sent.isEmpty()) {
      return "duplicate";
    }
    LOG.info(
        alarm.fired() ? "SM001" : "SM001 recovered",
        entry("eventId", alarm.eventId()),
        entry("resource", alarm.resource()),
        entry("alarm", alarm.alarmArn()));
    return alarm.fired() ? "fired" : "recovered";
  }

  /**
   * The state change decides SM001 on its service: it fired (a finding, unless silenced), or it
   * recovered (none).
   */
  private void keepFinding(AlarmStateChange alarm, Decision decision) {
    findings.afterEvaluation(
        decision.alerted(),
        new SecurityHubPublisher.Settled(
            Set.of(SidecarMemoryAlarmRule.INFO.id()), Set.of(alarm.resource())),
        alarm.time(),
        alarm.eventId(),
        null);
  }

  /**
   * The alarm's state change in the one schema: SM001 when it fired; none when it recovered (the
   * reason says so). The same for the Lambda and {@code bin/ecs-guardrail check --event}.
   */
  public static Evaluation evaluation(AlarmStateChange alarm) {
    String which = "alarm " + alarm.alarmArn() + " on " + alarm.resource();
    String reason =
        alarm.fired()
            ? null
            : alarm.recovered()
                ? which + " recovered (ALARM -> OK): a recovery note goes to its thread"
                : which
                    + " is "
                    + alarm.state()
                    + " (was "
                    + alarm.previousState()
                    + "): logged, no alert";
    return new Evaluation(
        alarm.eventId(),
        SidecarAlarmNotifications.KIND,
        true,
        reason,
        SidecarMemoryAlarmRule.evaluate(alarm).map(List::of).orElse(List.of()),
        null,
        null);
  }

  /** An alarm state change that cannot be read: EV001, never silence. */
  public static Evaluation unreadable(String eventId, String reason) {
    return new Evaluation(
        eventId,
        SidecarAlarmNotifications.KIND,
        false,
        reason,
        List.of(UnevaluableEventRule.finding(eventId, reason)),
        null,
        null);
  }

  /** The service's and its cluster's tags; unknown (no exemption) when they cannot be read. */
  private ResourceTags tags(AlarmStateChange alarm) {
    if (alarm.clusterName() == null || alarm.serviceName() == null) {
      return ResourceTags.UNKNOWN;
    }
    // The alarm's partition (aws, aws-cn, aws-us-gov) is the service's.
    String[] alarmArn = String.valueOf(alarm.alarmArn()).split(":", 3);
    String partition = alarmArn.length == 3 ? alarmArn[1] : "aws";
    String serviceArn =
        "arn:"
            + partition
            + ":ecs:"
            + alarm.region()
            + ":"
            + alarm.account()
            + ":service/"
            + alarm.clusterName()
            + "/"
            + alarm.serviceName();
    try {
      Map<String, String> service = context.tags(serviceArn).orElse(null);
      Map<String, String> cluster =
          context.cluster(alarm.clusterName()).map(c -> c.tags()).orElse(null);
      return new ResourceTags(service, cluster);
    } catch (ContextUnavailableException e) {
      LOG.warn("tags unreadable: exemptions unknown", entry("resource", serviceArn));
      return ResourceTags.UNKNOWN;
    }
  }
}
