package dev.ecsguardrail.model;

/**
 * One {@code portMappings[]} entry of a container definition.
 *
 * @param appProtocol {@code http}, {@code http2} or {@code grpc}; {@code null} means plain TCP (ECS
 *     has no {@code tcp} value)
 */
public record PortMapping(
    String containerName, String name, Integer containerPort, String appProtocol) {

  public boolean isGrpc() {
    return "grpc".equals(appProtocol);
  }
}
