package dev.ecsguardrail.model;

import java.util.List;

/**
 * The parts of a container definition the rules read. CPU in units, memory in MiB; {@code null}
 * when the container does not set them.
 */
public record ContainerView(
    String name, Integer cpu, Integer memory, Integer memoryReservation, List<PortMapping> ports) {

  public ContainerView {
    ports = List.copyOf(ports);
  }

  /** What the container takes from the task's memory: its hard limit, else its reservation. */
  public int reservedMemoryMib() {
    if (memory != null) {
      return memory;
    }
    return memoryReservation == null ? 0 : memoryReservation;
  }
}
