package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RuleModeTest {

  @Test
  void label_isTheWordThePolicyFileUses() {
    assertEquals("off", RuleMode.OFF.label());
    assertEquals("report", RuleMode.REPORT.label());
    assertEquals("enforce", RuleMode.ENFORCE.label());
  }

  @ParameterizedTest
  @EnumSource(RuleMode.class)
  void label_parsesBackToTheSameMode(RuleMode mode) {
    assertEquals(mode, RuleMode.parse(mode.label(), "test"));
  }

  @Test
  void anythingElse_isRefusedSayingWhereAndWhat() {
    InvalidPolicyException e =
        assertThrows(InvalidPolicyException.class, () -> RuleMode.parse("block", "rules.SC002"));
    assertEquals("rules.SC002: \"block\" is not a mode (off, report, enforce)", e.getMessage());
  }
}
