package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.ServiceBlocker;
import dev.ecsguardrail.policy.BlockAction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Enforcement through ECS: permanent refusals are reported, transient failures retried. */
public final class EcsServiceBlocker implements ServiceBlocker {

  private final EcsGateway ecs;

  public EcsServiceBlocker(EcsGateway ecs) {
    this.ecs = ecs;
  }

  @Override
  public void block(BlockAction action) {
    try {
      ecs.block(action);
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw e;
      }
      String code =
          e.awsErrorDetails() == null
              ? e.getClass().getSimpleName()
              : e.awsErrorDetails().errorCode();
      throw new BlockRefusedException(code + " (HTTP " + e.statusCode() + ")", e);
    }
  }
}
