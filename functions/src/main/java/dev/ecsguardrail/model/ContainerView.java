package dev.ecsguardrail.model;

import java.util.List;

/**
 * The parts of a container definition the rules read. CPU in units, memory in MiB; {@code null}
 * when the container does not set them.
 */
public record ContainerView(
    String name,
    Integer cpu,
    Integer memory,
    Integer memoryReservation,
    List<PortMapping> ports,
    Unknowns unknowns) {

  public ContainerView {
    ports = List.copyOf(ports);
  }

  public ContainerView(
      String name,
      Integer cpu,
      Integer memory,
      Integer memoryReservation,
      List<PortMapping> ports) {
    this(name, cpu, memory, memoryReservation, ports, Unknowns.NONE);
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
  public Integer memoryReservation() {
    unknowns.read("memoryReservation");
    return memoryReservation;
  }

  @Override
  public List<PortMapping> ports() {
    unknowns.presence("portMappings[*]");
    return ports;
  }

  /** What the container takes from the task's memory: its hard limit, else its reservation. */
  public int reservedMemoryMib() {
    if (memory() != null) {
      return memory();
    }
    return memoryReservation() == null ? 0 : memoryReservation();
  }
}
