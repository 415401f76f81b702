package dev.ecsguardrail.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * Something left behind (in Cloud Map, or an alarm of the guardrail's), with what it costs and how
 * to remove it.
 *
 * @param kind {@code namespace}, {@code cloud-map-service}, or {@code alarm} (a proxy-memory alarm
 *     of the guardrail whose service is gone)
 * @param namespaceType "HTTP", "DNS private (hosted zone Z1)", ...
 * @param services the Cloud Map services it holds (1 for a Cloud Map service)
 * @param instances the instances registered in them
 * @param cleanup the AWS CLI commands that remove it, in order
 */
public record Orphan(
    String kind,
    String arn,
    String name,
    String namespaceType,
    int services,
    int instances,
    BigDecimal monthlyCostUsd,
    String reason,
    List<String> cleanup) {

  public static final String NAMESPACE = "namespace";
  public static final String CLOUD_MAP_SERVICE = "cloud-map-service";
  public static final String ALARM = "alarm";

  public Orphan {
    cleanup = List.copyOf(cleanup);
  }
}
