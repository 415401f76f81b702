package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.Orphan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NS001: a Cloud Map namespace (or a Cloud Map service) left behind after the cluster that used it
 * was deleted. Whether something is left behind is the orphan check's join of Cloud Map with ECS
 * ({@code OrphanFinder}); this rule turns what it found into the finding.
 */
public final class OrphanedNamespaceRule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "NS001",
          "Cloud Map namespace left behind after its cluster was deleted",
          Severity.MEDIUM,
          "Deleting an ECS cluster deletes neither its Service Connect namespace, nor the Cloud Map"
              + " services in it, nor (for a DNS namespace) the Route 53 hosted zone behind it: they"
              + " keep costing money and count against the Cloud Map quotas until someone removes"
              + " them.",
          "Check that nothing else uses it, then remove it: `bin/ecs-guardrail cleanup --namespace"
              + " <ARN>` (prints what it would delete; `--yes` deletes), or the AWS CLI commands in"
              + " the alert.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html");

  private OrphanedNamespaceRule() {}

  /**
   * The finding on what the orphan check found left behind: a namespace or a Cloud Map service, not
   * one of the guardrail's alarms.
   *
   * @param deletedCluster the cluster whose deletion left it, when known (the event path)
   */
  public static Finding evaluate(Orphan orphan, String deletedCluster) {
    if (Orphan.ALARM.equals(orphan.kind())) {
      throw new IllegalArgumentException("NS001 is about Cloud Map, not alarm " + orphan.arn());
    }
    boolean namespace = Orphan.NAMESPACE.equals(orphan.kind());
    String what =
        (namespace ? "Cloud Map namespace " : "Cloud Map service ")
            + orphan.name()
            + " ("
            + orphan.namespaceType()
            + "; "
            + count(orphan.services(), "service")
            + ", "
            + count(orphan.instances(), "instance")
            + ")";
    String message =
        what
            + " is left behind"
            + (deletedCluster == null ? "" : " after cluster " + deletedCluster + " was deleted")
            + ": "
            + orphan.reason()
            + ". It costs $"
            + orphan.monthlyCostUsd().toPlainString()
            + " per month.";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", orphan.kind());
    details.put("name", orphan.name());
    details.put("namespaceType", orphan.namespaceType());
    details.put("services", orphan.services());
    details.put("instances", orphan.instances());
    if (deletedCluster != null) {
      details.put("deletedCluster", deletedCluster);
    }
    details.put("cleanup", orphan.cleanup());
    Finding finding =
        INFO.finding(orphan.arn(), null, message)
            .withMonthlyCost(orphan.monthlyCostUsd())
            .withDetails(details);
    return namespace
        ? finding.withRemediation(INFO.remediation().replace("<ARN>", orphan.arn()))
        : finding.withRemediation(
            "Check that nothing else registers into it, then run the commands in details.cleanup,"
                + " in order.");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
