package dev.ecsguardrail.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.check.Evaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void prime_evaluatesEverySample() {
    List<Evaluation> evaluations = Priming.prime();

    assertEquals(Priming.SAMPLES.size(), evaluations.size());
    assertTrue(evaluations.stream().allMatch(e -> e.eventId() != null && !e.eventId().isBlank()));
    assertTrue(
        evaluations.stream().anyMatch(e -> e.evaluable() && !e.findings().isEmpty()),
        "at least one sample with findings");
    assertTrue(evaluations.stream().anyMatch(e -> !e.evaluable()), "at least one not evaluable");
  }

  @Test
  void prime_isRepeatable() {
    assertEquals(Priming.prime(), Priming.prime());
  }
}
