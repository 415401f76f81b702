package dev.ecsguardrail.policy;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one event.
 *
 * @param kind what was checked: {@code service-change}, {@code cluster-deletion}, {@code
 *     sidecar-alarm}
 * @param evaluable {@code false} when the event, or the context it needs, could not be read: such a
 *     result is never "compliant"
 * @param reason why it is not evaluable, or a note on how it was (a call ECS rejected)
 * @param call the API call the event records; {@code null} when there is none (an alarm) or it
 *     could not be read
 * @param change the parsed service call, {@code null} for other kinds and when the event could not
 *     be parsed (enforcement acts on it)
 * @param resources what a pre-deploy check evaluated, partly evaluated or skipped; empty for events
 */
public record Evaluation(
    String eventId,
    String kind,
    boolean evaluable,
    String reason,
    List<Finding> findings,
    Call call,
    ServiceChange change,
    List<ResourceReport> resources) {

  public Evaluation {
    findings = List.copyOf(findings);
    resources = List.copyOf(resources);
  }

  /** An event's evaluation. */
  public Evaluation(
      String eventId,
      String kind,
      boolean evaluable,
      String reason,
      List<Finding> findings,
      Call call,
      ServiceChange change) {
    this(eventId, kind, evaluable, reason, findings, call, change, List.of());
  }

  /** A service change's evaluation: the call is the change's. */
  public Evaluation(
      String eventId,
      String kind,
      boolean evaluable,
      String reason,
      List<Finding> findings,
      ServiceChange change) {
    this(eventId, kind, evaluable, reason, findings, change == null ? null : change.call(), change);
  }

  public Optional<Severity> highestSeverity() {
    return findings.stream().map(Finding::severity).max(Severity::compareTo);
  }
}
