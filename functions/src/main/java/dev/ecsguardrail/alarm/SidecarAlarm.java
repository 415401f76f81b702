package dev.ecsguardrail.alarm;

/**
 * One CloudWatch alarm of the guardrail on a Service Connect proxy's memory: {@code
 * ECS/ContainerInsights ContainerMemoryUtilized} (MiB, the maximum over each period) of the proxy
 * container of one service.
 *
 * @param containerName the proxy's container name ({@code ecs-service-connect-} and a random
 *     suffix), as the metrics name it
 * @param thresholdMib alarm above this
 * @param datapointsToAlarm how many of the last {@code evaluationPeriods} periods must breach
 */
public record SidecarAlarm(
    String clusterName,
    String serviceName,
    String containerName,
    int thresholdMib,
    int periodSeconds,
    int evaluationPeriods,
    int datapointsToAlarm) {

  /** Every alarm of the guardrail's is named with this prefix (and tagged {@link #MANAGED_TAG}). */
  public static final String NAME_PREFIX = "ecs-guardrail-sidecar-memory-";

  public static final String MANAGED_TAG = "ecs-guardrail:managed";
  public static final String CLUSTER_TAG = "ecs-guardrail:cluster";
  public static final String SERVICE_TAG = "ecs-guardrail:service";

  public static final String NAMESPACE = "ECS/ContainerInsights";
  public static final String METRIC = "ContainerMemoryUtilized";
  public static final String PROXY_PREFIX = "ecs-service-connect-";

  /**
   * The alarm's name: for people and for listing the guardrail's alarms, never parsed (alerts read
   * the metric's dimensions).
   */
  public String name() {
    return NAME_PREFIX + clusterName + "-" + serviceName;
  }

  /** {@code cluster/service}, the resource findings carry. */
  public String resource() {
    return clusterName + "/" + serviceName;
  }

  public String description() {
    return "ecs-guardrail: Service Connect proxy memory of "
        + resource()
        + " above "
        + thresholdMib
        + " MiB in "
        + datapointsToAlarm
        + " of "
        + evaluationPeriods
        + " periods of "
        + periodSeconds
        + " s (SM001). Managed by ecs-guardrail: changes are overwritten.";
  }
}
