package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

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
   * Does {@code work} once for the event: empty when it was handled already. A failure gives the
   * event back (for the retry) and propagates; once the work is done, failing to record it is
   * logged, not raised — the work's effects (an alert) are out, and raising would make the retry
   * repeat them. The claim then stays in progress until its lease ends.
   *
   * @throws EventInProgressException when another invocation holds it now (retry later)
   */
  default <R> Optional<R> once(String key, Function<Claim, R> work) {
    Optional<Claim> claim = claim(key);
    if (claim.isEmpty()) {
      return Optional.empty();
    }
    R result;
    try {
      result = work.apply(claim.get());
    } catch (RuntimeException e) {
      try {
        release(claim.get());
      } catch (RuntimeException releaseFailed) {
        // The lease ends on its own; what failed the event is still what propagates.
        e.addSuppressed(releaseFailed);
      }
      throw e;
    }
    try {
      complete(claim.get());
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(EventLedger.class)
          .error(
              "handled, but not recorded as done: a redelivery after the lease handles it again",
              entry("eventKey", key),
              entry("error", e.toString()));
    }
    return Optional.of(result);
  }

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
