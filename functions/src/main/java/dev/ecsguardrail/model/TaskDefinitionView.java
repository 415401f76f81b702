package dev.ecsguardrail.model;

import java.util.List;
import java.util.Optional;

/**
 * A task definition as the rules see it.
 *
 * @param cpu task-level CPU units, {@code null} when not set (EC2 tasks may omit it)
 * @param memory task-level memory in MiB, {@code null} when not set
 * @param operatingSystemFamily {@code runtimePlatform.operatingSystemFamily}, {@code null} = Linux
 * @param proxyType {@code proxyConfiguration.type} ({@code APPMESH}), {@code null} when none
 * @param unknowns what a pre-deploy input leaves unknown: reading one raises {@link
 *     UnknownValueException} (the ARN and family only name it)
 */
public record TaskDefinitionView(
    String arn,
    String family,
    String networkMode,
    List<String> requiresCompatibilities,
    Integer cpu,
    Integer memory,
    String operatingSystemFamily,
    String cpuArchitecture,
    String proxyType,
    List<ContainerView> containers,
    Unknowns unknowns) {

  public TaskDefinitionView {
    requiresCompatibilities = List.copyOf(requiresCompatibilities);
    containers = List.copyOf(containers);
  }

  /** A task definition with every field known: from ECS or a file. */
  public TaskDefinitionView(
      String arn,
      String family,
      String networkMode,
      List<String> requiresCompatibilities,
      Integer cpu,
      Integer memory,
      String operatingSystemFamily,
      String cpuArchitecture,
      String proxyType,
      List<ContainerView> containers) {
    this(
        arn,
        family,
        networkMode,
        requiresCompatibilities,
        cpu,
        memory,
        operatingSystemFamily,
        cpuArchitecture,
        proxyType,
        containers,
        Unknowns.NONE);
  }

  @Override
  public String networkMode() {
    unknowns.read("networkMode");
    return networkMode;
  }

  @Override
  public List<String> requiresCompatibilities() {
    unknowns.read("requiresCompatibilities");
    return requiresCompatibilities;
  }

  @Override
  public Integer cpu() {
    unknowns.read("cpu");
    return cpu;
  }

  @Override
  public Integer memory() {
    unknowns.read("memory");
    return memory;
  }

  @Override
  public String operatingSystemFamily() {
    unknowns.read("runtimePlatform.operatingSystemFamily");
    return operatingSystemFamily;
  }

  @Override
  public String cpuArchitecture() {
    unknowns.read("runtimePlatform.cpuArchitecture");
    return cpuArchitecture;
  }

  @Override
  public String proxyType() {
    unknowns.read("proxyConfiguration.type");
    return proxyType;
  }

  @Override
  public List<ContainerView> containers() {
    unknowns.presence("containerDefinitions[*]");
    return containers;
  }

  /**
   * The port mapping named {@code portName}, in any container. Found, it is the one whatever the
   * other ports' unknown names (ECS keeps names unique); not found, every name was read.
   */
  public Optional<PortMapping> port(String portName) {
    Optional<PortMapping> found =
        containers().stream()
            .flatMap(c -> c.ports().stream())
            .filter(p -> p.named(portName))
            .findFirst();
    if (found.isEmpty()) {
      portNames();
    }
    return found;
  }

  public List<String> portNames() {
    return containers().stream()
        .flatMap(c -> c.ports().stream())
        .map(PortMapping::name)
        .filter(n -> n != null)
        .toList();
  }

  public int containerCpuUnits() {
    return containers().stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
  }

  public int containerMemoryMib() {
    return containers().stream().mapToInt(ContainerView::reservedMemoryMib).sum();
  }

  public boolean isWindows() {
    return operatingSystemFamily() != null && operatingSystemFamily().startsWith("WINDOWS");
  }

  public boolean isArm() {
    return "ARM64".equals(cpuArchitecture());
  }

  /**
   * Task-level CPU as ECS accepts it: units ({@code "256"}) or vCPU ({@code "0.25 vCPU"}, {@code "1
   * vcpu"}). {@code null} stays {@code null}.
   *
   * @throws IllegalArgumentException quoting the input when it is neither
   */
  public static Integer cpuUnits(String value) {
    return parseSize(value, "vcpu", 1024, "CPU");
  }

  /** Task-level memory: MiB ({@code "512"}) or GB ({@code "1 GB"}, {@code "2gb"}). */
  public static Integer memoryMib(String value) {
    return parseSize(value, "gb", 1024, "memory");
  }

  private static Integer parseSize(String value, String unit, int perUnit, String what) {
    if (value == null) {
      return null;
    }
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.endsWith(unit)) {
        double units = Double.parseDouble(v.substring(0, v.length() - unit.length()).strip());
        return (int) Math.round(units * perUnit);
      }
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("task " + what + " '" + value + "' is not a size");
    }
  }

  /** A short name for messages: {@code family:revision} out of the ARN when there is one. */
  public String displayName() {
    return arn == null ? family : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
