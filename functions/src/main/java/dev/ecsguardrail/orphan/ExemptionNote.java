package dev.ecsguardrail.orphan;

import dev.ecsguardrail.policy.Exemption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An exemption a person should look at: lapsed, lapsing soon, or unusable (a date that is not a
 * date).
 *
 * @param resource the service or cluster ARN that carries the tags
 * @param state {@code lapsed}, {@code lapses} or {@code invalid}
 */
public record ExemptionNote(String resource, Exemption exemption, String state) {

  /** How far ahead the digest warns. */
  public static final int WARN_DAYS = 14;

  /** The exemptions on the inventory's services and ACTIVE clusters that need a look, by date. */
  public static List<ExemptionNote> due(Inventory inventory, LocalDate today) {
    List<ExemptionNote> notes = new ArrayList<>();
    inventory.clusters().stream()
        .filter(EcsCluster::active)
        .forEach(c -> note(c.arn(), c.tags(), "cluster", today, notes));
    inventory.ecsServices().forEach(s -> note(s.arn(), s.tags(), "service", today, notes));
    notes.sort(
        Comparator.comparing(
                (ExemptionNote n) ->
                    n.exemption().until() == null ? LocalDate.MIN : n.exemption().until())
            .thenComparing(ExemptionNote::resource));
    return notes;
  }

  private static void note(
      String arn, Map<String, String> tags, String on, LocalDate today, List<ExemptionNote> notes) {
    Exemption.fromTags(tags, on)
        .ifPresent(
            e -> {
              if (e.problem() != null) {
                notes.add(new ExemptionNote(arn, e, "invalid"));
              } else if (e.lapsed(today)) {
                notes.add(new ExemptionNote(arn, e, "lapsed"));
              } else if (e.until() != null && !e.until().isAfter(today.plusDays(WARN_DAYS))) {
                notes.add(new ExemptionNote(arn, e, "lapses"));
              }
            });
  }

  /** "lapsed 2026-11-20: ecs-guardrail:exempt=SC002 on the service until 2026-11-20 (arn)". */
  public String describe() {
    String what =
        switch (state) {
          case "lapsed" -> "lapsed";
          case "lapses" -> "lapses";
          default -> "invalid: " + exemption.problem();
        };
    return what + ": " + exemption.describe() + " (" + resource + ")";
  }
}
