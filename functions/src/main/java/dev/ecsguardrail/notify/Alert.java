package dev.ecsguardrail.notify;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the renderers share about one decision: the verdicts to show (possibly trimmed to fit SNS),
 * how many were left out, and the facts every form repeats.
 */
record Alert(
    Decision decision, List<Verdict> shown, List<Verdict> silent, int hidden, int hiddenSilent) {

  /** At most {@code limit} alerted and {@code limit} silent (exempt, off) verdicts. */
  static Alert of(Decision decision, int limit) {
    List<Verdict> alerted = decision.alerted();
    List<Verdict> silent =
        decision.verdicts().stream().filter(v -> !v.outcome().alerted()).toList();
    int shown = Math.min(limit, alerted.size());
    int silentShown = Math.min(limit, silent.size());
    return new Alert(
        decision,
        alerted.subList(0, shown),
        silent.subList(0, silentShown),
        alerted.size() - shown,
        silent.size() - silentShown);
  }

  /** The verdicts every form shows, alerted first. */
  List<Verdict> verdicts() {
    return Stream.concat(shown.stream(), silent.stream()).toList();
  }

  Evaluation evaluation() {
    return decision.evaluation();
  }

  ServiceChange change() {
    return decision.evaluation().change();
  }

  /** {@code cluster/service}, else what the findings are about, else the event. */
  String resource() {
    ServiceChange change = change();
    if (change != null && change.evaluated() != null) {
      return change.evaluated().resource();
    }
    if (evaluation().evaluable() && !evaluation().findings().isEmpty()) {
      return evaluation().findings().getFirst().resource();
    }
    return "event " + evaluation().eventId();
  }

  String severity() {
    return decision.alerted().stream()
        .map(v -> v.finding().severity())
        .max(Enum::compareTo)
        .map(Enum::name)
        .orElse(evaluation().evaluable() ? "NONE" : "UNKNOWN");
  }

  List<String> ruleIds() {
    return decision.alerted().stream().map(v -> v.finding().ruleId()).distinct().toList();
  }

  String account() {
    return evaluation().call() == null ? null : evaluation().call().account();
  }

  String region() {
    return evaluation().call() == null ? null : evaluation().call().region();
  }

  /**
   * Groups messages about one resource in one chat thread: the service (by account, Region, cluster
   * and name), else the event.
   */
  String threadId() {
    ServiceChange change = change();
    ServiceConfig service = change == null ? null : change.evaluated();
    if (service == null) {
      return "ecs-guardrail/event/" + evaluation().eventId();
    }
    return String.join(
        "/", "ecs-guardrail", "service", change.account(), change.region(), service.resource());
  }

  /** "2 findings", "1 finding". */
  String count() {
    int n = decision.alerted().size();
    return n + (n == 1 ? " finding" : " findings");
  }

  static String cost(Finding f) {
    return f.monthlyCostUsd() == null ? null : "$" + f.monthlyCostUsd() + " per month";
  }
}
