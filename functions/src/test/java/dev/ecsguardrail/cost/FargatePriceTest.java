package dev.ecsguardrail.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FargatePriceTest {

  private final FargatePrice usEast1 = PriceTable.bundled().fargate("us-east-1", false);

  @ParameterizedTest(name = "{0}/{1} -> {2}/{3}: +${4}")
  @CsvSource({
    "256, 512, 512, 1024, 9.01",
    "512, 1024, 1024, 2048, 18.02",
    "1024, 2048, 2048, 4096, 36.04",
    "512, 1024, 512, 1024, 0.00"
  })
  void monthlyDelta_usEast1LinuxX86(int cpu, int mem, int toCpu, int toMem, String usd) {
    assertEquals(
        usd,
        usEast1
            .monthlyDelta(new FargateSize(cpu, mem), new FargateSize(toCpu, toMem))
            .toPlainString());
  }

  @Test
  void sidecarBudget_costs7_59PerTaskMonth() {
    // 0.25 vCPU * $0.04048 * 730 h = $7.39; 64 MiB * $0.004445/GB-h * 730 h = $0.20.
    assertEquals("7.59", usEast1.monthly(256, 64).toPlainString());
  }

  @Test
  void usEast1_hasItsOwnRatesAndNoNote() {
    assertEquals("us-east-1", usEast1.region());
    assertEquals(0.04048, usEast1.vcpuHour());
    assertEquals(0.004445, usEast1.gbHour());
    assertEquals(730, usEast1.hoursPerMonth());
    assertEquals("", usEast1.note());
  }

  @Test
  void arm_usesArmRates() {
    FargatePrice arm = PriceTable.bundled().fargate("us-east-1", true);

    assertEquals(0.03238, arm.vcpuHour());
    assertEquals(0.00356, arm.gbHour());
  }

  @Test
  void unknownRegion_fallsBackToUsEast1WithANote() {
    FargatePrice price = PriceTable.bundled().fargate("ap-southeast-7", false);

    assertEquals("us-east-1", price.region());
    assertEquals(usEast1.vcpuHour(), price.vcpuHour());
    assertEquals(usEast1.gbHour(), price.gbHour());
    assertEquals(" (us-east-1 rates: no price data for ap-southeast-7)", price.note());
  }
}
