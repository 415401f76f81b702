package dev.ecsguardrail.model;

/**
 * One {@code serviceConnectConfiguration.services[]} entry.
 *
 * @param tlsEnabled whether the entry carries a {@code tls} block
 * @param unknowns the service's unknowns, here at {@code serviceConnectConfiguration.services[i]}
 */
public record ServiceConnectService(
    String portName, String discoveryName, boolean tlsEnabled, Unknowns unknowns) {

  public ServiceConnectService(String portName, String discoveryName, boolean tlsEnabled) {
    this(portName, discoveryName, tlsEnabled, Unknowns.NONE);
  }

  @Override
  public String portName() {
    unknowns.read("portName");
    return portName;
  }

  @Override
  public String discoveryName() {
    unknowns.read("discoveryName");
    return discoveryName;
  }

  @Override
  public boolean tlsEnabled() {
    unknowns.presence("tls");
    return tlsEnabled;
  }
}
