package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.rules.AppProtocolMissingRule;
import org.junit.jupiter.api.Test;

class RuleNotRunTest {

  private static String how(String why) {
    return new RuleNotRun(AppProtocolMissingRule.INFO, why).howToProvide();
  }

  @Test
  void howToProvide_followsWhatIsMissing() {
    assertEquals(
        "give --parameter TaskDefArn=VALUE",
        how(
            "taskDefinition is Ref TaskDefArn (a parameter with no default: give --parameter"
                + " TaskDefArn=VALUE)"));
    assertTrue(
        how("aws_ecs_task_definition.search containerDefinitions is known after apply")
            .startsWith("known only after apply"));
    assertTrue(
        how("context unavailable: task definition td:3: not among the --task-definition files")
            .startsWith("give it with --task-definition FILE, or AWS credentials and --region"));
    assertEquals(
        "AWS credentials and --region, to read it from AWS",
        how("context unavailable: cluster prod: AccessDeniedException (HTTP 403)"));
    assertEquals(
        "give --inventory FILE (clusters and namespaces as the account has them)",
        how(
            "context unavailable: cluster prod: not in the input (give --inventory FILE with its"
                + " settings)"));
    assertEquals(
        "give --account ACCOUNT_ID",
        how(
            "taskDefinition is Fn::Sub (${AWS::AccountId}: Ref AWS::AccountId (give --account"
                + " ACCOUNT_ID))"));
    assertTrue(
        how("serviceConnectConfiguration.namespace is Fn::ImportValue")
            .startsWith("known only at deploy"));
  }
}
