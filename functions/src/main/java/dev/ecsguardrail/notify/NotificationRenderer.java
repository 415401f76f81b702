package dev.ecsguardrail.notify;

import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.EvaluationJson;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.rules.Finding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders an evaluation as a notification: subject, plain text, JSON, attributes. Pure. */
public final class NotificationRenderer {

  /** SNS rejects subjects of 100 characters or more. */
  static final int MAX_SUBJECT = 99;

  private NotificationRenderer() {}

  public static Notification render(Evaluation evaluation) {
    return new Notification(
        subject(evaluation),
        text(evaluation),
        EvaluationJson.toJson(evaluation).toString(),
        attributes(evaluation));
  }

  static String subject(Evaluation e) {
    String what =
        e.evaluable()
            ? e.findings().stream().map(Finding::ruleId).distinct().collect(Collectors.joining(","))
            : "cannot evaluate event " + e.eventId();
    String subject =
        "[" + severity(e) + "] ecs-guardrail " + what + (e.evaluable() ? " on " + resource(e) : "");
    // SNS refuses line breaks and control characters, C1 and Unicode separators included.
    String oneLine = subject.replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}]", " ");
    return oneLine.length() <= MAX_SUBJECT
        ? oneLine
        : oneLine.substring(0, MAX_SUBJECT - 3) + "...";
  }

  /** The plain-text body: what, where, who, why it matters, what to do. */
  public static String text(Evaluation e) {
    StringBuilder out = new StringBuilder();
    ServiceChange change = e.change();
    if (change != null) {
      ServiceConfig config = change.evaluated();
      out.append(change.eventName())
          .append(config == null ? "" : " of " + config.resource())
          .append(" in ")
          .append(change.account())
          .append(" / ")
          .append(change.region())
          .append(" at ")
          .append(change.eventTime())
          .append('\n')
          .append("By ")
          .append(change.caller().principal())
          .append(" with ")
          .append(change.caller().tool())
          .append('\n');
    }
    out.append("Event ").append(e.eventId()).append('\n');
    if (e.reason() != null) {
      out.append(e.evaluable() ? "Note: " : "Not evaluated: ").append(e.reason()).append('\n');
    }
    if (e.findings().isEmpty()) {
      out.append(e.evaluable() ? "\nNo findings.\n" : "");
    }
    for (Finding f : e.findings()) {
      out.append('\n')
          .append(f.severity())
          .append(' ')
          .append(f.ruleId())
          .append(' ')
          .append(f.title())
          .append(f.rejectedByEcs() ? " (the call was rejected by ECS: nothing was created)" : "")
          .append("\n  Where: ")
          .append(f.resource())
          .append(" at ")
          .append(f.path())
          .append("\n  What: ")
          .append(f.message())
          .append("\n  Do: ")
          .append(f.remediation());
      if (f.monthlyCostUsd() != null) {
        out.append("\n  Cost: $").append(f.monthlyCostUsd()).append(" per month");
      }
      out.append("\n  Rule: ").append(f.link()).append('\n');
    }
    return out.toString();
  }

  static Map<String, String> attributes(Evaluation e) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", e.kind());
    attributes.put("severity", severity(e));
    attributes.put("eventId", e.eventId());
    String ruleIds =
        e.findings().stream().map(Finding::ruleId).distinct().collect(Collectors.joining(","));
    if (!ruleIds.isEmpty()) {
      attributes.put("ruleIds", ruleIds);
    }
    ServiceChange change = e.change();
    if (change != null && change.evaluated() != null) {
      attributes.put("account", change.account());
      attributes.put("region", change.region());
      attributes.put("cluster", change.evaluated().clusterName());
      attributes.put("service", change.evaluated().resource());
    }
    attributes.values().removeIf(v -> v == null || v.isBlank());
    return attributes;
  }

  private static String severity(Evaluation e) {
    return e.highestSeverity().map(Enum::name).orElse(e.evaluable() ? "NONE" : "UNKNOWN");
  }

  private static String resource(Evaluation e) {
    return e.findings().isEmpty() ? "" : e.findings().getFirst().resource();
  }
}
