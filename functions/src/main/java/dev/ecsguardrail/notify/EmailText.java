package dev.ecsguardrail.notify;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import java.util.List;

/**
 * The plain-text body a person reads in a mail client: what, where, who and with which tool, then
 * per finding why it matters, what to do, the rule id and a link.
 */
final class EmailText {

  private EmailText() {}

  /**
   * A value from the event (or built from one) on one line: a line break in a service name, a tag
   * or an error message cannot add lines of its own to the mail.
   */
  private static String inline(Object value) {
    return UntrustedText.oneLine(value);
  }

  static String render(Alert alert) {
    StringBuilder out = new StringBuilder();
    out.append("ecs-guardrail: ")
        .append(alert.evaluation().evaluable() ? alert.count() : "an event could not be checked")
        .append(" on ")
        .append(inline(alert.resource()))
        .append(" (")
        .append(alert.severity())
        .append(")\n\n");
    ServiceChange change = alert.change();
    if (change != null) {
      out.append("What:  ")
          .append(inline(change.eventName()))
          .append(" of ")
          .append(inline(alert.resource()))
          .append('\n')
          .append("Where: account ")
          .append(inline(change.account()))
          .append(", ")
          .append(inline(change.region()))
          .append('\n')
          .append("When:  ")
          .append(change.eventTime())
          .append('\n')
          .append("Who:   ")
          .append(inline(change.caller().principal()))
          .append(" with ")
          .append(inline(change.caller().tool()))
          .append('\n');
    }
    out.append("Event: ").append(inline(alert.evaluation().eventId())).append('\n');
    if (alert.evaluation().reason() != null) {
      out.append(alert.evaluation().evaluable() ? "Note:  " : "Not checked: ")
          .append(inline(alert.evaluation().reason()))
          .append('\n');
    }
    for (Verdict v : alert.shown()) {
      Finding f = v.finding();
      out.append("\n")
          .append(f.severity())
          .append(' ')
          .append(f.ruleId())
          .append(": ")
          .append(f.title())
          .append(f.rejectedByEcs() ? " (ECS rejected the call: nothing was created)" : "")
          .append("\n  What:            ")
          .append(inline(f.message()))
          .append("\n  Where:           ")
          .append(inline(f.resource()))
          .append(" at ")
          .append(inline(f.path()));
      RuleCatalog.info(f.ruleId())
          .map(RuleInfo::rationale)
          .ifPresent(why -> out.append("\n  Why it matters:  ").append(why));
      out.append("\n  What to do:      ").append(f.remediation());
      if (Alert.cost(f) != null) {
        out.append("\n  Cost:            ").append(Alert.cost(f));
      }
      out.append("\n  Verdict:         ")
          .append(v.outcome().label())
          .append(" (")
          .append(inline(v.reason()))
          .append(')')
          .append("\n  Rule:            ")
          .append(f.ruleId())
          .append(", ")
          .append(f.link())
          .append('\n');
    }
    if (alert.hidden() > 0) {
      out.append("\n...and ")
          .append(alert.hidden())
          .append(" more findings, left out to fit the message: see the function's log for event ")
          .append(inline(alert.evaluation().eventId()))
          .append('\n');
    }
    alert
        .decision()
        .blockAction()
        .ifPresent(
            block -> {
              out.append("\nAction: ").append(inline(alert.decision().actionResult())).append('\n');
              if (alert.decision().actionResult() != null
                  && alert.decision().verdicts().stream()
                      .anyMatch(v -> v.outcome() == Outcome.ENFORCED)) {
                out.append("To undo, once the findings are fixed or exempted:\n");
                block.undo().forEach(cmd -> out.append("  ").append(inline(cmd)).append('\n'));
              }
            });
    List<Verdict> silent = alert.silent();
    if (!silent.isEmpty()) {
      out.append("\nNot alerted:\n");
      silent.forEach(
          v ->
              out.append("  ")
                  .append(v.finding().ruleId())
                  .append(' ')
                  .append(v.outcome().label())
                  .append(": ")
                  .append(inline(v.reason()))
                  .append('\n'));
      if (alert.hiddenSilent() > 0) {
        out.append("  ...and ").append(alert.hiddenSilent()).append(" more\n");
      }
    }
    out.append("\n-- \necs-guardrail. Exempt a service with the tag ")
        .append(
            "ecs-guardrail:exempt=<rule ids or all> (and ecs-guardrail:exempt-until=YYYY-MM-DD).\n");
    return out.toString();
  }
}
