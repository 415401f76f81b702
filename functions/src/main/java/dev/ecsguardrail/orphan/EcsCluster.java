package dev.ecsguardrail.orphan;

import dev.ecsguardrail.model.ClusterView;
import java.util.Map;

/**
 * An ECS cluster and the namespace it gives its services by default.
 *
 * @param status {@code ACTIVE}, {@code INACTIVE}, ...
 * @param defaultNamespace {@code serviceConnectDefaults.namespace}: an ARN (a name on some
 *     emulators); {@code null} when the cluster has none
 * @param tags its tags (exemptions are read from them)
 * @param containerInsights its {@code containerInsights} setting; {@code null} when unset or not
 *     read
 */
public record EcsCluster(
    String arn,
    String name,
    String status,
    String defaultNamespace,
    Map<String, String> tags,
    String containerInsights) {

  public EcsCluster {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public EcsCluster(
      String arn, String name, String status, String defaultNamespace, Map<String, String> tags) {
    this(arn, name, status, defaultNamespace, tags, null);
  }

  public EcsCluster(String arn, String name, String status, String defaultNamespace) {
    this(arn, name, status, defaultNamespace, Map.of());
  }

  /** The settings the service rules read. */
  public ClusterView view() {
    return new ClusterView(arn, name, containerInsights, tags);
  }

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
