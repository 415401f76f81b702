package dev.ecsguardrail.check;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one event.
 *
 * @param kind what was checked: {@code service-change}
 * @param evaluable {@code false} when the event, or the context it needs, could not be read: such a
 *     result is never "compliant"
 * @param reason why it is not evaluable, or a note on how it was (a call ECS rejected)
 * @param change the parsed call, {@code null} when the event could not be parsed
 */
public record Evaluation(
    String eventId,
    String kind,
    boolean evaluable,
    String reason,
    List<Finding> findings,
    ServiceChange change) {

  public Evaluation {
    findings = List.copyOf(findings);
  }

  public Optional<Severity> highestSeverity() {
    return findings.stream().map(Finding::severity).max(Severity::compareTo);
  }
}
