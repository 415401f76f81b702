package dev.ecsguardrail.orphan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExemptionNoteTest {

  private static final LocalDate TODAY = LocalDate.parse("2026-12-01");
  private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

  private static EcsService service(String name, Map<String, String> tags) {
    return new EcsService(
        "arn:aws:ecs:us-east-1:123456789012:service/prod/" + name,
        CLUSTER,
        List.of(),
        List.of(),
        tags);
  }

  private static Inventory inventory(List<EcsCluster> clusters, EcsService... services) {
    return new Inventory(
        "123456789012",
        "us-east-1",
        List.of(),
        Map.of(),
        clusters,
        List.of(services),
        true,
        List.of());
  }

  private static Map<String, String> exempt(String rules, String until) {
    return until == null
        ? Map.of("ecs-guardrail:exempt", rules)
        : Map.of("ecs-guardrail:exempt", rules, "ecs-guardrail:exempt-until", until);
  }

  @Test
  void lapsedLapsingAndInvalid_areDue_inDateOrder_othersAreNot() {
    Inventory inventory =
        inventory(
            List.of(),
            service("later", exempt("SC002", "2027-03-01")),
            service("soon", exempt("SC002", "2026-12-15")),
            service("gone", exempt("all", "2026-11-20")),
            service("forever", exempt("SC004", null)),
            service("typo", exempt("SC002", "next march")),
            service("plain", Map.of("team", "payments")));

    List<ExemptionNote> due = ExemptionNote.due(inventory, TODAY);

    assertEquals(
        List.of("typo:invalid", "gone:lapsed", "soon:lapses"),
        due.stream()
            .map(n -> n.resource().substring(n.resource().lastIndexOf('/') + 1) + ":" + n.state())
            .toList());
    assertTrue(
        due.get(1).describe().startsWith("lapsed: ecs-guardrail:exempt=all"),
        due.get(1).describe());
    assertTrue(due.get(0).describe().contains("next march"), due.get(0).describe());
  }

  @Test
  void lastDayIsStillInForce_andTheWarningReachesFourteenDaysAhead() {
    Inventory inventory =
        inventory(
            List.of(),
            service("today", exempt("SC002", "2026-12-01")),
            service("day14", exempt("SC002", "2026-12-15")),
            service("day15", exempt("SC002", "2026-12-16")));

    assertEquals(
        List.of("lapses", "lapses"),
        ExemptionNote.due(inventory, TODAY).stream().map(ExemptionNote::state).toList());
  }

  @Test
  void clusterExemptions_countOnlyForActiveClusters() {
    Inventory inventory =
        inventory(
            List.of(
                new EcsCluster(CLUSTER, "prod", "ACTIVE", null, exempt("SC005", "2026-11-30")),
                new EcsCluster(
                    "arn:aws:ecs:us-east-1:123456789012:cluster/old",
                    "old",
                    "INACTIVE",
                    null,
                    exempt("SC005", "2026-11-30"))));

    List<ExemptionNote> due = ExemptionNote.due(inventory, TODAY);

    assertEquals(1, due.size());
    assertEquals(CLUSTER, due.getFirst().resource());
    assertEquals("lapsed", due.getFirst().state());
  }
}
