package dev.ecsguardrail.model;

/**
 * One {@code serviceConnectConfiguration.services[]} entry.
 *
 * @param tlsEnabled whether the entry carries a {@code tls} block
 */
public record ServiceConnectService(String portName, String discoveryName, boolean tlsEnabled) {}
