package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a block says it did, in the alert and in the tag it leaves on the service. */
class BlockActionTest {

  private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:service/prod/payments";

  private static final Evaluation NOTHING_FOUND =
      new Evaluation("evt-1", "service-change", true, null, List.of(), null);

  @Test
  void tagValue_listsTheBlockedRulesInOrder() {
    assertEquals(
        "SC002,SC009",
        new BlockAction("prod", "payments", ARN, 3, List.of("SC002", "SC009")).tagValue());
  }

  @Test
  void carriedOut_theDecisionSaysWhatWasDone_withThePreviousCount() {
    BlockAction block = new BlockAction("prod", "payments", ARN, 3, List.of("SC002", "SC009"));

    Decision done = new Decision(NOTHING_FOUND, List.of(), block, null).blocked();

    assertEquals(
        "ecs-guardrail set the desired count of prod/payments to 0 (it was 3) and tagged it"
            + " ecs-guardrail:blocked=SC002,SC009",
        done.actionResult());
    assertEquals(block, done.block());
  }

  @Test
  void carriedOut_withoutAPreviousCount_doesNotMakeOneUp() {
    BlockAction block = new BlockAction("prod", "payments", ARN, null, List.of("SC002"));

    assertEquals(
        "ecs-guardrail set the desired count of prod/payments to 0 and tagged it"
            + " ecs-guardrail:blocked=SC002",
        new Decision(NOTHING_FOUND, List.of(), block, null).blocked().actionResult());
    assertEquals(
        "aws ecs update-service --cluster prod --service payments --desired-count <count>",
        block.undo().getFirst());
  }
}
