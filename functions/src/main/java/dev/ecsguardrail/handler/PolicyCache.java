package dev.ecsguardrail.handler;

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
 * is reported once per execution environment, never a crash.
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

  public synchronized State current() {
    Instant now = clock.instant();
    if (readAt != null && Duration.between(readAt, now).compareTo(TTL) < 0) {
      return new State(policy, null);
    }
    readAt = now;
    String problem;
    try {
      Optional<String> document = documents.get();
      policy = document.map(Policy::parse).orElse(Policy.DEFAULTS);
      return new State(policy, null);
    } catch (InvalidPolicyException e) {
      problem = e.getMessage();
    } catch (RuntimeException e) {
      problem = "policy document could not be read: " + e.getMessage();
    }
    return new State(policy, reported.add(problem) ? problem : null);
  }
}
