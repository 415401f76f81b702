package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule list of an exemption tag as people write it: spaces, case, stray commas. */
class ExemptionTagValueTest {

  @Test
  void strayCommasAndSpaces_leaveNoEmptyRuleId() {
    Exemption e =
        Exemption.fromTags(Map.of(Exemption.EXEMPT_TAG, " sc002, ,SC004,,"), "service")
            .orElseThrow();

    assertEquals(Set.of("SC002", "SC004"), e.ruleIds());
    assertEquals("ecs-guardrail:exempt=SC002,SC004 on the service", e.describe());
  }
}
