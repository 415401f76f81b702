package dev.ecsguardrail.rules;

/**
 * SM001: the guardrail's alarm on a Service Connect proxy's memory went off. Judged by CloudWatch,
 * not per service: this class holds its metadata.
 */
public final class SidecarMemoryAlarmRule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SM001",
          "Service Connect proxy memory alarm",
          Severity.HIGH,
          "The Service Connect proxy (Envoy) of a gRPC service can grow in memory until the task"
              + " runs out and is killed, and ECS gives no warning; the alarm watches what the task"
              + " leaves to the proxy.",
          "Raise the task's memory headroom (task memory above the containers' reservations), and"
              + " redeploy the service (aws ecs update-service --force-new-deployment) to recycle"
              + " the proxy and pick up the current Service Connect agent; on Fargate the agent"
              + " cannot be pinned, ECS manages it.",
          "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-enhanced-observability-metrics-ECS.html");

  private SidecarMemoryAlarmRule() {}
}
