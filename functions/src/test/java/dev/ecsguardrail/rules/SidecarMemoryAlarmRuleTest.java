package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.model.AlarmStateChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SidecarMemoryAlarmRuleTest {

  private static AlarmStateChange alarm(String state, String previous, Double threshold) {
    return new AlarmStateChange(
        "ev-1",
        Instant.parse("2026-11-30T10:15:42Z"),
        "123456789012",
        "us-east-1",
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-guardrail-sidecar-memory-prod-orders",
        "ecs-guardrail-sidecar-memory-prod-orders",
        state,
        previous,
        "Threshold Crossed",
        "prod",
        "orders",
        "ecs-service-connect-oRK9o",
        threshold,
        List.of(790.0, 826.5));
  }

  @Test
  void alarmFired_isSm001_withTheFiguresInMessageAndDetails() {
    Finding f = SidecarMemoryAlarmRule.evaluate(alarm("ALARM", "OK", 819.0)).orElseThrow();

    assertEquals("SM001", f.ruleId());
    assertEquals("prod/orders", f.resource());
    assertTrue(f.message().contains("went above 819 MiB: 790, 826.5 MiB"), f.message());
    assertTrue(
        f.remediation().contains("--cluster prod --service orders --force-new-deployment"),
        f.remediation());
    assertEquals(819.0, f.details().get("thresholdMib"));
    assertEquals(List.of(790.0, 826.5), f.details().get("recentDatapointsMib"));
  }

  @Test
  void thresholdUnknown_saysSo_andLeavesItOutOfTheDetails() {
    Finding f = SidecarMemoryAlarmRule.evaluate(alarm("ALARM", "OK", null)).orElseThrow();

    assertTrue(f.message().contains("went above its threshold"), f.message());
    assertEquals(false, f.details().containsKey("thresholdMib"));
  }

  @Test
  void otherStateChanges_areNoFinding() {
    assertEquals(Optional.empty(), SidecarMemoryAlarmRule.evaluate(alarm("OK", "ALARM", 819.0)));
    assertEquals(
        Optional.empty(), SidecarMemoryAlarmRule.evaluate(alarm("INSUFFICIENT_DATA", "OK", 819.0)));
    assertEquals(Optional.empty(), SidecarMemoryAlarmRule.evaluate(alarm("ALARM", "ALARM", 819.0)));
  }
}
