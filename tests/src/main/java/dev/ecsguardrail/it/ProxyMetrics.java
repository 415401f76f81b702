package dev.ecsguardrail.it;

import dev.ecsguardrail.alarm.SidecarAlarm;
import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Container Insights' memory datapoints, as the tests seed them with PutMetricData (namespace
 * {@link SidecarAlarm#NAMESPACE}) so the alarms' reconcile has a proxy to find.
 */
final class ProxyMetrics {

  private ProxyMetrics() {}

  /** A proxy's (or any container's) memory, MiB, now, with the service's three dimensions. */
  static MetricDatum proxyMemory(String cluster, String service, String container, double mib) {
    return datum(
        mib,
        dimension("ClusterName", cluster),
        dimension("ServiceName", service),
        dimension("ContainerName", container));
  }

  static MetricDatum datum(double mib, Dimension... dimensions) {
    return MetricDatum.builder()
        .metricName(SidecarAlarm.METRIC)
        .dimensions(dimensions)
        .unit(StandardUnit.MEGABYTES)
        .value(mib)
        .timestamp(Instant.now())
        .build();
  }

  static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }
}
