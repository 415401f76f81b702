package dev.ecsguardrail.flow;

import dev.ecsguardrail.policy.InvalidPolicyException;
import dev.ecsguardrail.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The account's policy, read at most once a minute per execution environment. A document that
 * cannot be read or used leaves the last good policy (at first, the defaults in code) in force and
 * is reported once per execution environment, never a crash. A read that fails only for now ({@link
 * DocumentUnavailableException}: throttled, 5xx, no connection) is no problem with the document:
 * the last policy read stays in force and the next event reads again; before any read succeeded it
 * propagates, so the event is retried rather than judged under the defaults.
 */
public final class PolicyCache {

  static final Duration TTL = Duration.ofMinutes(1);

  private final Supplier<Optional<String>> documents;
  private final Clock clock;
  private final Set<String> reported = new HashSet<>();
  private Policy policy = Policy.DEFAULTS;
  private Instant readAt;

  /**
   * @param policy the policy in force
   * @param newProblem a problem with the document not reported before in this environment
   */
  public record State(Policy policy, String newProblem) {}

  public PolicyCache(Supplier<Optional<String>> documents, Clock clock) {
    this.documents = documents;
    this.clock = clock;
  }

  /** The document could not be read for now (throttled, 5xx, no connection): try again later. */
  public static final class DocumentUnavailableException extends RuntimeException {
    public DocumentUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public synchronized State current() {
    Instant now = clock.instant();
    if (readAt != null && Duration.between(readAt, now).compareTo(TTL) < 0) {
      return new State(policy, null);
    }
    String problem;
    try {
      Optional<String> document = documents.get();
      readAt = now;
      policy = document.map(Policy::parse).orElse(Policy.DEFAULTS);
      return new State(policy, null);
    } catch (DocumentUnavailableException e) {
      if (readAt == null) {
        throw e; // nothing read yet: the defaults are not the account's policy
      }
      return new State(policy, null); // the last policy read stays, until a read succeeds
    } catch (InvalidPolicyException e) {
      problem = e.getMessage();
    } catch (RuntimeException e) {
      problem = "policy document could not be read: " + e.getMessage();
    }
    readAt = now;
    return new State(policy, reported.add(problem) ? problem : null);
  }
}
