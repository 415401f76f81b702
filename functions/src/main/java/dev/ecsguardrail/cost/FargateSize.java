package dev.ecsguardrail.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A valid Fargate task size. Fargate bills whole sizes, so what a sidecar costs is the step to the
 * next valid size, not its own share.
 */
public record FargateSize(int cpu, int memoryMib) {

  /** Every valid (CPU units, memory MiB) pair, cheapest first within each CPU tier. */
  public static final List<FargateSize> ALL = valid();

  private static List<FargateSize> valid() {
    List<FargateSize> sizes = new ArrayList<>();
    for (int gb : new int[] {512, 1024, 2048}) {
      sizes.add(new FargateSize(256, gb));
    }
    tier(sizes, 512, 1, 4, 1);
    tier(sizes, 1024, 2, 8, 1);
    tier(sizes, 2048, 4, 16, 1);
    tier(sizes, 4096, 8, 30, 1);
    tier(sizes, 8192, 16, 60, 4); // 8 and 16 vCPU need platform version 1.4.0 or later
    tier(sizes, 16384, 32, 120, 8);
    return List.copyOf(sizes);
  }

  private static void tier(List<FargateSize> sizes, int cpu, int fromGb, int toGb, int stepGb) {
    for (int gb = fromGb; gb <= toGb; gb += stepGb) {
      sizes.add(new FargateSize(cpu, gb * 1024));
    }
  }

  public boolean isValid() {
    return ALL.contains(this);
  }

  /** The cheapest valid size with at least this CPU and memory; empty above 16 vCPU / 120 GB. */
  public static Optional<FargateSize> smallestFitting(int cpu, int memoryMib) {
    // Within a tier memory grows; across tiers both grow, so the first fit is the cheapest.
    return ALL.stream().filter(s -> s.cpu >= cpu && s.memoryMib >= memoryMib).findFirst();
  }

  @Override
  public String toString() {
    return cpu + " CPU / " + memoryMib + " MiB";
  }
}
