package dev.ecsguardrail.notify;

import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.PartialEvaluation;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;

/**
 * A decision for a terminal: one line for the event, then the services some rules could not run on
 * (what each rule needs, how to provide it, whether that fails the check), then each finding with
 * its verdict, what to do and what it costs, then what was skipped. Pure. The same for every
 * payload ({@code check --format text}).
 */
public final class DecisionText {

  private DecisionText() {}

  public static String render(Decision decision, FailOn failOn) {
    Evaluation evaluation = decision.evaluation();
    StringBuilder out = new StringBuilder();
    out.append(evaluation.kind()).append(' ').append(evaluation.eventId()).append(": ");
    int alerted = decision.alerted().size();
    out.append(
        evaluation.evaluable()
            ? alerted + (alerted == 1 ? " finding alerted" : " findings alerted")
            : "NOT EVALUATED");
    int silent = decision.verdicts().size() - alerted;
    if (silent > 0) {
      out.append(", ").append(silent).append(" off or exempt");
    }
    out.append('\n');
    Call call = evaluation.call();
    if (call != null) {
      out.append("  ")
          .append(call.eventName())
          .append(call.resource() == null ? "" : " of " + call.resource())
          .append(" by ")
          .append(call.caller().principal())
          .append(" (")
          .append(call.caller().tool())
          .append(") at ")
          .append(call.eventTime())
          .append(" in ")
          .append(call.account())
          .append(" / ")
          .append(call.region())
          .append('\n');
    }
    if (evaluation.reason() != null) {
      out.append(evaluation.evaluable() ? "  note: " : "  not checked: ")
          .append(evaluation.reason())
          .append('\n');
    }
    for (PartialEvaluation partial : PartialEvaluation.of(evaluation)) {
      ResourceReport r = partial.resource();
      out.append(String.format("%n  %-9s", "not run"))
          .append(place(r))
          .append(UntrustedText.oneLine(partial.summary()))
          .append("\n           EV002 ")
          .append(failOn.standing(partial))
          .append('\n');
    }
    for (Verdict v : decision.verdicts()) {
      Finding f = v.finding();
      out.append(
          String.format(
              "%n  %-6s %s  %s  [%s]%n",
              f.severity(), f.ruleId(), f.resource(), v.outcome().label()));
      if (f.location() != null) {
        out.append("         at ")
            .append(UntrustedText.oneLine(f.location().file()))
            .append(':')
            .append(f.location().lineAndColumn())
            .append('\n');
      }
      out.append("         ").append(f.message()).append('\n');
      out.append("         fix: ").append(f.remediation()).append('\n');
      if (f.monthlyCostUsd() != null) {
        out.append("         cost: $")
            .append(f.monthlyCostUsd().toPlainString())
            .append(" per month\n");
      }
      out.append("         why this verdict: ").append(v.reason()).append('\n');
    }
    for (ResourceReport r : evaluation.resources()) {
      if (r.status() == ResourceReport.Status.SKIPPED) {
        out.append(String.format("%n  %-9s", r.status().label()))
            .append(place(r))
            .append(UntrustedText.oneLine(r.reason()))
            .append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  /** {@code Address (file:line): }. */
  private static String place(ResourceReport r) {
    return UntrustedText.oneLine(r.address())
        + " ("
        + UntrustedText.oneLine(r.location().file())
        + ':'
        + r.location().lineAndColumn()
        + "): ";
  }
}
