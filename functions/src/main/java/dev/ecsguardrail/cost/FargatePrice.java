package dev.ecsguardrail.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fargate on-demand rates for one Region and platform.
 *
 * @param region the Region the rates are for (may differ from the one asked: see {@link #note})
 * @param note empty, or says that another Region's rates stand in
 */
public record FargatePrice(
    String region, double vcpuHour, double gbHour, int hoursPerMonth, String note) {

  /** What a task of this size costs per month. */
  public BigDecimal monthly(int cpu, int memoryMib) {
    double perHour = cpu / 1024.0 * vcpuHour + memoryMib / 1024.0 * gbHour;
    return usd(perHour * hoursPerMonth);
  }

  /** The monthly cost of moving one task from one size to another. */
  public BigDecimal monthlyDelta(FargateSize from, FargateSize to) {
    return monthly(to.cpu(), to.memoryMib()).subtract(monthly(from.cpu(), from.memoryMib()));
  }

  static BigDecimal usd(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }
}
