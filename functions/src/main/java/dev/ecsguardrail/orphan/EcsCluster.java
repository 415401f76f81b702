package dev.ecsguardrail.orphan;

import java.util.Map;

/**
 * An ECS cluster and the namespace it gives its services by default.
 *
 * @param status {@code ACTIVE}, {@code INACTIVE}, ...
 * @param defaultNamespace {@code serviceConnectDefaults.namespace}: an ARN (a name on some
 *     emulators); {@code null} when the cluster has none
 * @param tags its tags (exemptions are read from them)
 */
public record EcsCluster(
    String arn, String name, String status, String defaultNamespace, Map<String, String> tags) {

  public EcsCluster {
    tags = Map.copyOf(tags);
  }

  public EcsCluster(String arn, String name, String status, String defaultNamespace) {
    this(arn, name, status, defaultNamespace, Map.of());
  }

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
