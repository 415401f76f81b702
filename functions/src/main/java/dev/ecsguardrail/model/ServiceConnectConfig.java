package dev.ecsguardrail.model;

import java.util.List;

/**
 * A service's Service Connect configuration.
 *
 * @param namespace the namespace as given: a name or an ARN; {@code null} = the cluster default
 * @param logConfigured {@code logConfiguration} (the proxy's log driver) is set
 * @param accessLog {@code accessLogConfiguration}; {@code null} when access logs are off
 * @param unknowns the service's unknowns, here at {@code serviceConnectConfiguration}
 */
public record ServiceConnectConfig(
    boolean enabled,
    String namespace,
    List<ServiceConnectService> services,
    boolean logConfigured,
    AccessLog accessLog,
    Unknowns unknowns) {

  public static final ServiceConnectConfig OFF = new ServiceConnectConfig(false, null, List.of());

  public ServiceConnectConfig {
    services = List.copyOf(services);
  }

  /** Without the logging settings: no proxy log driver, no access logs. */
  public ServiceConnectConfig(
      boolean enabled, String namespace, List<ServiceConnectService> services) {
    this(enabled, namespace, services, false, null, Unknowns.NONE);
  }

  /** Absent, unless what would hold it is unknown. */
  public static ServiceConnectConfig off(Unknowns unknowns) {
    return new ServiceConnectConfig(false, null, List.of(), false, null, unknowns);
  }

  @Override
  public boolean enabled() {
    unknowns.read("enabled");
    return enabled;
  }

  @Override
  public String namespace() {
    unknowns.read("namespace");
    return namespace;
  }

  @Override
  public List<ServiceConnectService> services() {
    unknowns.presence("services[*]");
    return services;
  }

  /** Whether a log driver is set, not its options (CDK's {@code awslogs-group} is a Ref). */
  @Override
  public boolean logConfigured() {
    unknowns.presence("logConfiguration");
    return logConfigured;
  }

  @Override
  public AccessLog accessLog() {
    unknowns.presence("accessLogConfiguration");
    return accessLog;
  }

  /**
   * The proxy's access logs (2025-10; developer guide, service-connect-envoy-access-logs).
   *
   * @param format {@code TEXT} or {@code JSON}
   * @param includeQueryParameters {@code ENABLED} or {@code DISABLED} (the default when absent)
   */
  public record AccessLog(String format, String includeQueryParameters, Unknowns unknowns) {

    public AccessLog(String format, String includeQueryParameters) {
      this(format, includeQueryParameters, Unknowns.NONE);
    }

    @Override
    public String format() {
      unknowns.read("format");
      return format;
    }

    @Override
    public String includeQueryParameters() {
      unknowns.read("includeQueryParameters");
      return includeQueryParameters;
    }

    public boolean queryParametersIncluded() {
      return "ENABLED".equals(includeQueryParameters());
    }
  }
}
