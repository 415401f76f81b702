package dev.ecsguardrail.flow;

import dev.ecsguardrail.policy.BlockAction;

/** Carries out enforcement on a service (ECS in production). */
public interface ServiceBlocker {

  /**
   * @throws BlockRefusedException when AWS refuses for good (no permission, service gone): the
   *     finding is reported instead; transient failures propagate so the event is retried
   */
  void block(BlockAction action);

  final class BlockRefusedException extends RuntimeException {
    public BlockRefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
