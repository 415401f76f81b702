package dev.ecsguardrail.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CloudFormation Lambda hook's RESOURCE request: the resource CloudFormation is about to create
 * or update, asked before it provisions it.
 *
 * @param clientRequestToken echoed in the response; {@code ""} when the request has none
 * @param invocationPoint {@code CREATE_PRE_PROVISION}, {@code UPDATE_PRE_PROVISION}, {@code
 *     DELETE_PRE_PROVISION}
 * @param targetName the resource type ({@code AWS::ECS::Service}) for stacks
 * @param properties {@code targetModel.resourceProperties}
 * @param previousProperties {@code targetModel.previousResourceProperties}; absent, {@code null} or
 *     {@code {}} on a create
 */
public record HookRequest(
    String clientRequestToken,
    String awsAccountId,
    String stackId,
    String invocationPoint,
    String targetName,
    String targetLogicalId,
    JsonNode properties,
    JsonNode previousProperties) {

  public boolean deletion() {
    return "DELETE_PRE_PROVISION".equals(invocationPoint);
  }

  /**
   * An update, judged against the previous properties. The invocation point decides, never the
   * previous properties' presence: the hooks guide says they are empty on a create, and
   * cloudformation-cli's contract tests send {@code {}} on one. Without an invocation point, only
   * non-empty previous properties make an update.
   */
  public boolean update() {
    if (previousProperties == null) {
      return false;
    }
    return invocationPoint == null
        ? !previousProperties.isEmpty()
        : "UPDATE_PRE_PROVISION".equals(invocationPoint);
  }
}
