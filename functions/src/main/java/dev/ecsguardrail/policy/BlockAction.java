package dev.ecsguardrail.policy;

import java.util.List;

/**
 * Enforcement on a service that exists: desired count to 0 and a tag saying why.
 *
 * @param previousDesiredCount what to restore; {@code null} when the event did not say
 */
public record BlockAction(
    String cluster,
    String service,
    String serviceArn,
    Integer previousDesiredCount,
    List<String> ruleIds) {

  public static final String BLOCKED_TAG = "ecs-guardrail:blocked";

  public BlockAction {
    ruleIds = List.copyOf(ruleIds);
  }

  public String tagValue() {
    return String.join(",", ruleIds);
  }

  public String description() {
    return "ecs-guardrail set the desired count of "
        + cluster
        + "/"
        + service
        + " to 0"
        + (previousDesiredCount == null ? "" : " (it was " + previousDesiredCount + ")")
        + " and tagged it "
        + BLOCKED_TAG
        + "="
        + tagValue();
  }

  /** The commands that undo the block, once the findings are fixed or exempted. */
  public List<String> undo() {
    return List.of(
        "aws ecs update-service --cluster "
            + cluster
            + " --service "
            + service
            + " --desired-count "
            + (previousDesiredCount == null ? "<count>" : previousDesiredCount),
        "aws ecs untag-resource --resource-arn " + serviceArn + " --tag-keys " + BLOCKED_TAG);
  }
}
