package dev.ecsguardrail.model;

import java.util.List;

/**
 * A service's Service Connect configuration.
 *
 * @param namespace the namespace as given: a name or an ARN; {@code null} = the cluster default
 * @param logConfigured {@code logConfiguration} (the proxy's log driver) is set
 * @param accessLog {@code accessLogConfiguration}; {@code null} when access logs are off
 */
public record ServiceConnectConfig(
    boolean enabled,
    String namespace,
    List<ServiceConnectService> services,
    boolean logConfigured,
    AccessLog accessLog) {

  public static final ServiceConnectConfig OFF = new ServiceConnectConfig(false, null, List.of());

  public ServiceConnectConfig {
    services = List.copyOf(services);
  }

  /** Without the logging settings: no proxy log driver, no access logs. */
  public ServiceConnectConfig(
      boolean enabled, String namespace, List<ServiceConnectService> services) {
    this(enabled, namespace, services, false, null);
  }

  /**
   * The proxy's access logs (2025-10; developer guide, service-connect-envoy-access-logs).
   *
   * @param format {@code TEXT} or {@code JSON}
   * @param includeQueryParameters {@code ENABLED} or {@code DISABLED} (the default when absent)
   */
  public record AccessLog(String format, String includeQueryParameters) {

    public boolean queryParametersIncluded() {
      return "ENABLED".equals(includeQueryParameters);
    }
  }
}
