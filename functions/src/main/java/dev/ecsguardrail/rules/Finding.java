package dev.ecsguardrail.rules;

import java.math.BigDecimal;

/**
 * One problem found, in the shape every output uses (command line, SNS, logs).
 *
 * @param resource {@code cluster/service} (or the namespace, the alarm, the event id)
 * @param path the JSON path (in the event or the task definition) the finding is about
 * @param rejectedByEcs the call failed: nothing was created, so the finding is only a report
 * @param monthlyCostUsd the cost the finding is about, per month, or {@code null}
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
    BigDecimal monthlyCostUsd) {

  public Finding withRemediation(String specificRemediation) {
    return new Finding(
        ruleId,
        title,
        severity,
        resource,
        path,
        rejectedByEcs,
        message,
        specificRemediation,
        link,
        monthlyCostUsd);
  }

  public Finding withMonthlyCost(BigDecimal usd) {
    return new Finding(
        ruleId, title, severity, resource, path, rejectedByEcs, message, remediation, link, usd);
  }

  /** ECS refused the call: report it at LOW, marked so nobody remediates what does not exist. */
  public Finding rejected() {
    return new Finding(
        ruleId,
        title,
        Severity.LOW,
        resource,
        path,
        true,
        message,
        remediation,
        link,
        monthlyCostUsd);
  }
}
