package dev.ecsguardrail.aws;

import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.flow.AlarmStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.RecentlyActive;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * The guardrail's proxy-memory alarms in CloudWatch, and the proxy containers Container Insights
 * reports. Only alarms named with {@link SidecarAlarm#NAME_PREFIX} are ever listed, changed or
 * deleted.
 */
public final class AlarmGateway implements AlarmStore {

  /** DeleteAlarms takes at most 100 names. */
  static final int DELETE_BATCH = 100;

  private final CloudWatchClient cloudWatch;

  public AlarmGateway(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  /**
   * The proxy containers that reported memory in the last three hours, by {@code cluster/service}.
   * One paginated listing for the whole Region, not a call per service.
   */
  @Override
  public Map<String, List<String>> proxyContainers() {
    Map<String, TreeSet<String>> byService = new LinkedHashMap<>();
    cloudWatch
        .listMetricsPaginator(
            r ->
                r.namespace(SidecarAlarm.NAMESPACE)
                    .metricName(SidecarAlarm.METRIC)
                    .recentlyActive(RecentlyActive.PT3_H))
        .metrics()
        .forEach(
            m -> {
              Map<String, String> d = dimensions(m.dimensions());
              String container = d.get("ContainerName");
              if (container != null
                  && container.startsWith(SidecarAlarm.PROXY_PREFIX)
                  && d.containsKey("ClusterName")
                  && d.containsKey("ServiceName")
                  && d.size() == 3) {
                byService
                    .computeIfAbsent(
                        d.get("ClusterName") + "/" + d.get("ServiceName"), k -> new TreeSet<>())
                    .add(container);
              }
            });
    Map<String, List<String>> result = new LinkedHashMap<>();
    byService.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return result;
  }

  /** The guardrail's alarms by their names, read back as the settings they were written with. */
  @Override
  public Map<String, SidecarAlarm> alarms() {
    Map<String, SidecarAlarm> alarms = new LinkedHashMap<>();
    cloudWatch
        .describeAlarmsPaginator(r -> r.alarmNamePrefix(SidecarAlarm.NAME_PREFIX).maxRecords(100))
        .metricAlarms()
        .forEach(a -> alarms.put(a.alarmName(), alarm(a)));
    return alarms;
  }

  /** Creates or replaces the alarm (PutMetricAlarm is an upsert), tagged as the guardrail's. */
  @Override
  public void put(SidecarAlarm alarm) {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName(alarm.name())
                .alarmDescription(alarm.description())
                .namespace(SidecarAlarm.NAMESPACE)
                .metricName(SidecarAlarm.METRIC)
                .dimensions(
                    dimension("ClusterName", alarm.clusterName()),
                    dimension("ServiceName", alarm.serviceName()),
                    dimension("ContainerName", alarm.containerName()))
                .statistic(Statistic.MAXIMUM)
                .unit(StandardUnit.MEGABYTES)
                .period(alarm.periodSeconds())
                .evaluationPeriods(alarm.evaluationPeriods())
                .datapointsToAlarm(alarm.datapointsToAlarm())
                .threshold((double) alarm.thresholdMib())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                // No data is no task running (scaled to 0, redeploying): not a breach.
                .treatMissingData("notBreaching")
                // No actions: EventBridge receives every state change, and the guardrail alerts.
                .actionsEnabled(true)
                .tags(
                    tag(SidecarAlarm.MANAGED_TAG, "true"),
                    tag(SidecarAlarm.CLUSTER_TAG, alarm.clusterName()),
                    tag(SidecarAlarm.SERVICE_TAG, alarm.serviceName())));
  }

  @Override
  public void delete(List<String> names) {
    for (int i = 0; i < names.size(); i += DELETE_BATCH) {
      List<String> batch =
          names.subList(i, Math.min(names.size(), i + DELETE_BATCH)).stream()
              .filter(n -> n.startsWith(SidecarAlarm.NAME_PREFIX))
              .toList();
      cloudWatch.deleteAlarms(r -> r.alarmNames(batch));
    }
  }

  private static SidecarAlarm alarm(MetricAlarm a) {
    Map<String, String> d = dimensions(a.dimensions());
    return new SidecarAlarm(
        d.get("ClusterName"),
        d.get("ServiceName"),
        d.get("ContainerName"),
        a.threshold() == null ? -1 : (int) Math.round(a.threshold()),
        a.period() == null ? 0 : a.period(),
        a.evaluationPeriods() == null ? 0 : a.evaluationPeriods(),
        a.datapointsToAlarm() == null ? a.evaluationPeriods() : a.datapointsToAlarm());
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    Map<String, String> map = new LinkedHashMap<>();
    dimensions.forEach(d -> map.put(d.name(), d.value()));
    return map;
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
