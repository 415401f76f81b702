package dev.ecsguardrail.policy;

import dev.ecsguardrail.rules.Severity;

/**
 * What fails a {@code check} run: an alerted finding at or above {@code severity}, or a rule at or
 * above it that could not run (a rule not run has not passed) unless partial evaluation is
 * accepted.
 *
 * @param severity {@code --fail-on}
 * @param acceptPartial {@code --accept-partial}: only findings decide
 */
public record FailOn(Severity severity, boolean acceptPartial) {

  public boolean fails(Verdict verdict) {
    return verdict.outcome().alerted() && verdict.finding().severity().atLeast(severity);
  }

  public boolean fails(RuleNotRun rule) {
    return !acceptPartial && rule.rule().severity().atLeast(severity);
  }

  public boolean fails(PartialEvaluation partial) {
    return partial.rules().stream().anyMatch(this::fails);
  }

  /** Rules that could not run fail it. */
  public boolean failsOnRulesNotRun(Decision decision) {
    return PartialEvaluation.of(decision.evaluation()).stream().anyMatch(this::fails);
  }

  public boolean fails(Decision decision) {
    return decision.verdicts().stream().anyMatch(this::fails) || failsOnRulesNotRun(decision);
  }

  /** What a rule not run does to the run, and why. */
  public String standing(RuleNotRun rule) {
    return standing(fails(rule));
  }

  /** What the rules not run on a resource do to the run, and why. */
  public String standing(PartialEvaluation partial) {
    return standing(fails(partial));
  }

  private String standing(boolean failing) {
    if (failing) {
      return "fails the check (--accept-partial accepts it)";
    }
    return acceptPartial
        ? "accepted (--accept-partial)"
        : "below --fail-on " + severity + ": reported only";
  }
}
