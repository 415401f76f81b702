package dev.ecsguardrail.model;

/**
 * One {@code portMappings[]} entry of a container definition.
 *
 * @param appProtocol {@code http}, {@code http2} or {@code grpc}; {@code null} means plain TCP (ECS
 *     has no {@code tcp} value)
 * @param containerName names the container in messages (never checked, like {@code containerPort})
 * @param unknowns the task definition's unknowns, here at {@code
 *     containerDefinitions[i].portMappings[j]}
 */
public record PortMapping(
    String containerName,
    String name,
    Integer containerPort,
    String appProtocol,
    Unknowns unknowns) {

  public PortMapping(String containerName, String name, Integer containerPort, String appProtocol) {
    this(containerName, name, containerPort, appProtocol, Unknowns.NONE);
  }

  @Override
  public String name() {
    unknowns.read("name");
    return name;
  }

  @Override
  public String appProtocol() {
    unknowns.read("appProtocol");
    return appProtocol;
  }

  /** Known to be named {@code portName}; an unknown name is not. */
  boolean named(String portName) {
    return portName != null && unknowns.known("name") && portName.equals(name);
  }

  public boolean isGrpc() {
    return "grpc".equals(appProtocol());
  }
}
