package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.AlarmStateChange;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SM001: the guardrail's alarm on a Service Connect proxy's memory went off. CloudWatch judges the
 * datapoints; this rule turns the alarm's state change into the finding.
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

  /** The finding when the alarm fired; empty for any other state change (a recovery included). */
  public static Optional<Finding> evaluate(AlarmStateChange alarm) {
    if (!alarm.fired()) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("alarmArn", alarm.alarmArn());
    details.put("alarmName", alarm.alarmName());
    details.put("state", alarm.state());
    details.put("previousState", alarm.previousState());
    details.put("containerName", alarm.containerName());
    if (alarm.thresholdMib() != null) {
      details.put("thresholdMib", alarm.thresholdMib());
    }
    details.put("recentDatapointsMib", alarm.recentDatapoints());
    return Optional.of(
        INFO.finding(
                alarm.resource(),
                null,
                "The Service Connect proxy (container "
                    + orUnknown(alarm.containerName())
                    + ") of gRPC service "
                    + alarm.resource()
                    + " "
                    + figures(alarm)
                    + ".")
            .withRemediation(
                INFO.remediation()
                    + " Now: aws ecs update-service --cluster "
                    + alarm.clusterName()
                    + " --service "
                    + alarm.serviceName()
                    + " --force-new-deployment")
            .withDetails(details));
  }

  /** "went above 819 MiB: 830, 845, 861 MiB in the last periods". */
  public static String figures(AlarmStateChange alarm) {
    String recent =
        alarm.recentDatapoints().stream()
            .map(SidecarMemoryAlarmRule::mib)
            .collect(Collectors.joining(", "));
    return "went above "
        + threshold(alarm)
        + (recent.isEmpty() ? "" : ": " + recent + " MiB in the last periods");
  }

  /** "819 MiB", or "its threshold" when the event does not say. */
  public static String threshold(AlarmStateChange alarm) {
    return alarm.thresholdMib() == null ? "its threshold" : mib(alarm.thresholdMib()) + " MiB";
  }

  private static String mib(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }
}
