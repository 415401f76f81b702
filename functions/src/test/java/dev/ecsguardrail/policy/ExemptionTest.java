package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExemptionTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

  private static Exemption of(Map<String, String> tags) {
    return Exemption.fromTags(tags, "service").orElseThrow();
  }

  @Test
  void noExemptTag_isNoExemption() {
    assertTrue(Exemption.fromTags(Map.of("team", "payments"), "service").isEmpty());
    assertTrue(Exemption.fromTags(null, "service").isEmpty());
  }

  @Test
  void listOfRuleIds_coversExactlyThose() {
    Exemption e = of(Map.of(Exemption.EXEMPT_TAG, " sc002, SC004 ,"));

    assertTrue(e.covers("SC002", TODAY));
    assertTrue(e.covers("SC004", TODAY));
    assertFalse(e.covers("SC003", TODAY));
  }

  @Test
  void all_coversEveryRule() {
    assertTrue(of(Map.of(Exemption.EXEMPT_TAG, "all")).covers("SC009", TODAY));
  }

  @Test
  void until_holdsThroughThatDayAndLapsesAfter() {
    Exemption e = of(Map.of(Exemption.EXEMPT_TAG, "all", Exemption.UNTIL_TAG, "2026-11-25"));

    assertTrue(e.covers("SC002", TODAY));
    assertFalse(e.covers("SC002", TODAY.plusDays(1)));
    assertTrue(e.lapsed(TODAY.plusDays(1)));
  }

  @Test
  void untilThatIsNotADate_exemptsNothingAndSaysWhy() {
    Exemption e = of(Map.of(Exemption.EXEMPT_TAG, "all", Exemption.UNTIL_TAG, "March"));

    assertFalse(e.covers("SC002", TODAY));
    assertNotNull(e.problem());
    assertTrue(e.problem().contains("\"March\""), e.problem());
  }

  @Test
  void describe_namesTheTagAndWhere() {
    assertEquals(
        "ecs-guardrail:exempt=SC002,SC004 on the service until 2027-03-31",
        of(Map.of(Exemption.EXEMPT_TAG, "SC004,SC002", Exemption.UNTIL_TAG, "2027-03-31"))
            .describe());
  }
}
