package dev.ecsguardrail.rules;

/**
 * EV002: a rule could not run on a service before deploy, because the plan or template leaves a
 * value it reads unknown or its context could not be read. Reported, never taken as a pass.
 */
public final class PartialEvaluationRule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "EV002",
          "A rule could not run before deploy",
          Severity.MEDIUM,
          "A rule that could not read what it needs (a parameter with no value, a task definition"
              + " outside the input, a value known only after apply or at deploy) has not passed:"
              + " the mistake it looks for may be there. A rule at or above --fail-on that could not"
              + " run fails the check, so a service is never let through unchecked by accident.",
          "Give the check what the rule needs: `--parameter KEY=VALUE` for a parameter without a"
              + " value, `--task-definition FILE` for a task definition the input does not hold (or"
              + " AWS credentials and `--region` to read it from ECS). A value known only after apply"
              + " or at deploy is checked then, by the functions and the hook; accept the partial"
              + " check with `--accept-partial`.",
          "https://github.com/ecs-guardrail/ecs-guardrail/blob/main/docs/ci.md#what-fails-the-check");

  private PartialEvaluationRule() {}
}
