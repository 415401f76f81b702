package dev.ecsguardrail.model;

import java.util.List;

/**
 * A service's Service Connect configuration.
 *
 * @param namespace the namespace as given: a name or an ARN; {@code null} = the cluster default
 */
public record ServiceConnectConfig(
    boolean enabled, String namespace, List<ServiceConnectService> services) {

  public static final ServiceConnectConfig OFF = new ServiceConnectConfig(false, null, List.of());

  public ServiceConnectConfig {
    services = List.copyOf(services);
  }
}
