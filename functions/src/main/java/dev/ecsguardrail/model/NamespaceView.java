package dev.ecsguardrail.model;

/**
 * A Cloud Map namespace.
 *
 * @param type {@code HTTP}, {@code DNS_PRIVATE} or {@code DNS_PUBLIC}
 * @param serviceCount the Cloud Map services it holds
 */
public record NamespaceView(String arn, String name, String type, int serviceCount) {}
