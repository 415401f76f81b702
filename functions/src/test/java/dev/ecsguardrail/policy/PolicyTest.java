package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

  @Test
  void defaults_reportEveryRule() {
    assertEquals(RuleMode.REPORT, Policy.DEFAULTS.modeOf("SC002"));
    assertEquals(RuleMode.REPORT, Policy.DEFAULTS.modeOf("SC011"));
  }

  @Test
  void document_setsModesPerRuleAndTheDefault() {
    Policy policy = Policy.parse("{\"default\":\"off\",\"rules\":{\"SC002\":\"enforce\"}}");

    assertEquals(RuleMode.ENFORCE, policy.modeOf("SC002"));
    assertEquals(RuleMode.OFF, policy.modeOf("SC004"));
  }

  @Test
  void modes_areCaseInsensitive() {
    assertEquals(
        RuleMode.ENFORCE, Policy.parse("{\"rules\":{\"SC009\":\" Enforce\"}}").modeOf("SC009"));
  }

  @Test
  void unevaluableEvents_areAlwaysReported_evenWithDefaultOff() {
    assertEquals(RuleMode.REPORT, Policy.parse("{\"default\":\"off\"}").modeOf("EV001"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON            | {rules:                              | not JSON",
        "an array            | []                                   | must be a JSON object",
        "unknown field       | {\"rule\":{}}                         | unknown field \"rule\"",
        "unknown rule id     | {\"rules\":{\"SC999\":\"off\"}}       | rules.SC999 is not a rule id",
        "unknown mode        | {\"rules\":{\"SC002\":\"block\"}}     | \"block\" is not a mode",
        "mode not a string   | {\"rules\":{\"SC002\":true}}          | rules.SC002 must be a string",
        "rules not an object | {\"rules\":[\"SC002\"]}               | rules must be an object",
        "EV001 changed       | {\"rules\":{\"EV001\":\"off\"}}       | EV001 cannot be changed",
        "bad default         | {\"default\":\"loud\"}                | default: \"loud\" is not a mode",
      })
  void badDocument_isRefusedSayingWhatIsWrong(String scenario, String document, String expected) {
    InvalidPolicyException e =
        assertThrows(InvalidPolicyException.class, () -> Policy.parse(document));

    assertTrue(e.getMessage().contains(expected), e::getMessage);
  }
}
