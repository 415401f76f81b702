package dev.ecsguardrail.orphan;

/**
 * An ECS cluster and the namespace it gives its services by default.
 *
 * @param status {@code ACTIVE}, {@code INACTIVE}, ...
 * @param defaultNamespace {@code serviceConnectDefaults.namespace}: an ARN (a name on some
 *     emulators); {@code null} when the cluster has none
 */
public record EcsCluster(String arn, String name, String status, String defaultNamespace) {

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
