package dev.ecsguardrail.model;

import java.time.Instant;
import java.util.List;

/**
 * A "CloudWatch Alarm State Change" event of one of the guardrail's proxy-memory alarms.
 *
 * @param state {@code ALARM}, {@code OK} or {@code INSUFFICIENT_DATA}
 * @param clusterName from the metric's {@code ClusterName} dimension
 * @param serviceName from the metric's {@code ServiceName} dimension
 * @param containerName the proxy container, from the {@code ContainerName} dimension
 * @param thresholdMib from {@code reasonData}; {@code null} when it does not say
 * @param recentDatapoints the values CloudWatch evaluated, oldest first, MiB (may be empty)
 */
public record AlarmStateChange(
    String eventId,
    Instant time,
    String account,
    String region,
    String alarmArn,
    String alarmName,
    String state,
    String previousState,
    String reason,
    String clusterName,
    String serviceName,
    String containerName,
    Double thresholdMib,
    List<Double> recentDatapoints) {

  public static final String ALARM = "ALARM";
  public static final String OK = "OK";

  public AlarmStateChange {
    recentDatapoints = List.copyOf(recentDatapoints);
  }

  public String resource() {
    return clusterName + "/" + serviceName;
  }

  /** The alarm fired. */
  public boolean fired() {
    return ALARM.equals(state) && !ALARM.equals(previousState);
  }

  /** The alarm recovered from ALARM: a note in its thread, never a new incident. */
  public boolean recovered() {
    return OK.equals(state) && ALARM.equals(previousState);
  }
}
