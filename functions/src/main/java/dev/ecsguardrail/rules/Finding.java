package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.SourceLocation;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One problem found, in the shape every output uses (command line, SNS, logs).
 *
 * @param resource {@code cluster/service} (or the namespace, the alarm, the event id)
 * @param path the JSON path (in the event or the task definition) the finding is about
 * @param rejectedByEcs the call failed: nothing was created, so the finding is only a report
 * @param monthlyCostUsd the cost the finding is about, per month, or {@code null}
 * @param details the rule's own facts, in order (an orphan's cleanup commands, an alarm's
 *     datapoints): plain values, lists and maps; empty when the rule has none
 * @param location the file and line it is about, before deploy; {@code null} for events
 */
public record Finding(
    String ruleId,
    String title,
    Severity severity,
    String resource,
    String path,
    boolean rejectedByEcs,
    String message,
    String remediation,
    String link,
    BigDecimal monthlyCostUsd,
    Map<String, Object> details,
    SourceLocation location) {

  public Finding {
    details =
        details == null || details.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public Finding withRemediation(String specificRemediation) {
    return copy(severity, rejectedByEcs, specificRemediation, monthlyCostUsd, details, location);
  }

  public Finding withMonthlyCost(BigDecimal usd) {
    return copy(severity, rejectedByEcs, remediation, usd, details, location);
  }

  public Finding withDetails(Map<String, Object> facts) {
    return copy(severity, rejectedByEcs, remediation, monthlyCostUsd, facts, location);
  }

  public Finding withSeverity(Severity other) {
    return copy(other, rejectedByEcs, remediation, monthlyCostUsd, details, location);
  }

  public Finding at(SourceLocation where) {
    return copy(severity, rejectedByEcs, remediation, monthlyCostUsd, details, where);
  }

  /** Whether the other says the same of the same field (wherever the scenario puts the line). */
  public boolean says(Finding other) {
    return ruleId.equals(other.ruleId)
        && severity == other.severity
        && java.util.Objects.equals(path, other.path)
        && message.equals(other.message);
  }

  /**
   * This finding as it holds in one scenario only.
   *
   * @param condition {@code Grpc is true}
   */
  public Finding when(String condition) {
    return new Finding(
        ruleId,
        title,
        severity,
        resource,
        path,
        rejectedByEcs,
        "When " + condition + ": " + message,
        remediation,
        link,
        monthlyCostUsd,
        details,
        location);
  }

  /** ECS refused the call: report it at LOW, marked so nobody remediates what does not exist. */
  public Finding rejected() {
    return copy(Severity.LOW, true, remediation, monthlyCostUsd, details, location);
  }

  /** This finding with what the withers may change; the rule, resource and message stay. */
  private Finding copy(
      Severity newSeverity,
      boolean rejected,
      String newRemediation,
      BigDecimal cost,
      Map<String, Object> facts,
      SourceLocation where) {
    return new Finding(
        ruleId,
        title,
        newSeverity,
        resource,
        path,
        rejected,
        message,
        newRemediation,
        link,
        cost,
        facts,
        where);
  }
}
