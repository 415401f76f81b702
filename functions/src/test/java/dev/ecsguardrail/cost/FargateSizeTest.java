package dev.ecsguardrail.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FargateSizeTest {

  @ParameterizedTest(name = "({0}, {1}) -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
            256 |    512 | 256 CPU / 512 MiB
            256 |    513 | 256 CPU / 1024 MiB
            300 |    600 | 512 CPU / 1024 MiB
            256 |   2049 | 512 CPU / 3072 MiB
            640 |   1088 | 1024 CPU / 2048 MiB
            768 |   1088 | 1024 CPU / 2048 MiB
           1024 |   8193 | 2048 CPU / 9216 MiB
           4096 |  30721 | 8192 CPU / 32768 MiB
           8192 |  16385 | 8192 CPU / 20480 MiB
           8192 |  61441 | 16384 CPU / 65536 MiB
          16384 |  65537 | 16384 CPU / 73728 MiB
          16384 | 122880 | 16384 CPU / 122880 MiB
          """)
  void smallestFitting_picksTheCheapestValidSize(int cpu, int memory, String expected) {
    assertEquals(expected, FargateSize.smallestFitting(cpu, memory).orElseThrow().toString());
  }

  @ParameterizedTest
  @CsvSource({"16384, 122881", "16385, 1024", "32768, 2048"})
  void beyondTheLargestSize_isEmpty(int cpu, int memory) {
    assertEquals(Optional.empty(), FargateSize.smallestFitting(cpu, memory));
  }

  @Test
  void tiersFollowTheFargateTable() {
    assertEquals(74, FargateSize.ALL.size());
    assertTrue(
        FargateSize.ALL.stream()
            .filter(s -> s.cpu() == 8192)
            .allMatch(s -> s.memoryMib() % 4096 == 0 && s.memoryMib() >= 16384),
        "8 vCPU: 16-60 GB in 4 GB steps");
    assertTrue(
        FargateSize.ALL.stream()
            .filter(s -> s.cpu() == 16384)
            .allMatch(s -> s.memoryMib() % 8192 == 0 && s.memoryMib() >= 32768),
        "16 vCPU: 32-120 GB in 8 GB steps");
  }

  @ParameterizedTest
  @CsvSource({
    "256, 512, true",
    "256, 3072, false",
    "4096, 30720, true",
    "8192, 20480, true",
    "8192, 18432, false",
    "768, 1088, false"
  })
  void isValid(int cpu, int memory, boolean valid) {
    assertEquals(valid, new FargateSize(cpu, memory).isValid());
  }

  @Test
  void guideSidecarSize_isNotAFargateSize() {
    assertFalse(new FargateSize(768, 1088).isValid());
  }
}
