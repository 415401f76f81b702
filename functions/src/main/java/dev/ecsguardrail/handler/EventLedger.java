package dev.ecsguardrail.handler;

import java.util.Optional;

/**
 * Remembers which events were handled, so that a redelivery (EventBridge and Lambda deliver at
 * least once) has no second side effect.
 */
public interface EventLedger {

  /**
   * Claims an event before any side effect.
   *
   * @return empty when the event was handled already
   * @throws EventInProgressException when another invocation holds it now (retry later)
   */
  Optional<Claim> claim(String key);

  /** The block was carried out: a retry of this event must not block again. */
  void markBlocked(Claim claim);

  /** Done: every later delivery is a duplicate. */
  void complete(Claim claim);

  /** Failed: give the event back, so the retry Lambda makes is handled. */
  void release(Claim claim);

  /**
   * @param blocked an earlier attempt carried out the block already
   */
  record Claim(String key, boolean blocked) {}

  /** Another invocation is handling the event; failing lets Lambda retry after it finished. */
  final class EventInProgressException extends RuntimeException {
    public EventInProgressException(String key) {
      super("event " + key + " is being handled by another invocation");
    }
  }
}
