package dev.ecsguardrail.rules;

/**
 * NS001: a Cloud Map namespace (or a Cloud Map service) left behind after the cluster that used it
 * was deleted. Judged by the orphan check, not per service: this class holds its metadata.
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
}
