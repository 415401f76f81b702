package dev.ecsguardrail.policy;

import dev.ecsguardrail.rules.RuleInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule that could not run on a resource before deploy (EV002).
 *
 * @param why the value it needs and why it is missing, as the check says it ({@code taskDefinition
 *     is Ref TaskDefArn (a parameter with no default: ...)}, {@code context unavailable: ...})
 */
public record RuleNotRun(RuleInfo rule, String why) {

  /** The readers name the option that gives a parameter its value. */
  private static final Pattern PARAMETER = Pattern.compile("--parameter \\S+=VALUE");

  /** How the check can be given what the rule needs, or when it becomes known. */
  public String howToProvide() {
    Matcher parameter = PARAMETER.matcher(why);
    if (parameter.find()) {
      return "give " + parameter.group();
    }
    if (why.contains("--inventory")) {
      return "give --inventory FILE (clusters and namespaces as the account has them)";
    }
    if (why.contains("--account")) {
      return "give --account ACCOUNT_ID";
    }
    if (why.contains("known after apply")) {
      return "known only after apply: the functions check the service when it is created";
    }
    if (why.startsWith("context unavailable: task definition")) {
      return "give it with --task-definition FILE, or AWS credentials and --region to read it"
          + " from ECS";
    }
    if (why.startsWith("context unavailable")) {
      return "AWS credentials and --region, to read it from AWS";
    }
    return "known only at deploy: the CloudFormation hook checks it then; write the value, or"
        + " make it a parameter and give --parameter KEY=VALUE";
  }
}
