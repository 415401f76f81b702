package dev.ecsguardrail.alarm;

/**
 * How the guardrail watches proxies' memory.
 *
 * @param allServiceConnect watch every Service Connect service, not only those serving gRPC
 * @param thresholdPercent alarm at this share of the memory the task leaves to the proxy
 * @param datapointsToAlarm breaching periods, out of {@code evaluationPeriods}, so a spike does not
 *     page
 */
public record SidecarAlarmSettings(
    boolean allServiceConnect,
    int thresholdPercent,
    int periodSeconds,
    int evaluationPeriods,
    int datapointsToAlarm) {

  /** gRPC services only, 80 % of the proxy's memory for 3 of 5 minutes. */
  public static final SidecarAlarmSettings DEFAULTS = new SidecarAlarmSettings(false, 80, 60, 5, 3);

  public SidecarAlarmSettings {
    if (thresholdPercent < 1 || thresholdPercent > 100) {
      throw new IllegalArgumentException(
          "the sidecar memory threshold is a percentage (1 to 100), not " + thresholdPercent);
    }
    if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      throw new IllegalArgumentException(
          "datapoints to alarm ("
              + datapointsToAlarm
              + ") must be between 1 and the evaluation periods ("
              + evaluationPeriods
              + ")");
    }
    if (periodSeconds < 60 || periodSeconds % 60 != 0) {
      throw new IllegalArgumentException(
          "the period is a multiple of 60 s (Container Insights reports each minute), not "
              + periodSeconds);
    }
  }
}
