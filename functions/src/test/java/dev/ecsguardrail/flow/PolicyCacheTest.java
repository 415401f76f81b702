package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.RuleMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyCacheTest {

  private Instant now = Instant.parse("2026-11-25T10:00:00Z");
  private String document;
  private int reads;

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private final PolicyCache cache =
      new PolicyCache(
          () -> {
            reads++;
            return Optional.ofNullable(document);
          },
          clock);

  @Test
  void noDocument_meansTheDefaults() {
    assertSame(Policy.DEFAULTS, cache.current().policy());
  }

  @Test
  void document_isReadOncePerMinute() {
    document = "{\"rules\":{\"SC002\":\"enforce\"}}";

    cache.current();
    now = now.plus(Duration.ofSeconds(30));
    assertEquals(RuleMode.ENFORCE, cache.current().policy().modeOf("SC002"));
    assertEquals(1, reads);

    now = now.plus(PolicyCache.TTL);
    cache.current();
    assertEquals(2, reads);
  }

  @Test
  void badDocument_keepsTheLastGoodPolicy_andIsReportedOnce() {
    document = "{\"rules\":{\"SC002\":\"enforce\"}}";
    cache.current();
    document = "{\"rules\":{\"SC002\":\"sometimes\"}}";
    now = now.plus(PolicyCache.TTL);

    PolicyCache.State first = cache.current();
    now = now.plus(PolicyCache.TTL);
    PolicyCache.State second = cache.current();

    assertEquals(RuleMode.ENFORCE, first.policy().modeOf("SC002"));
    assertNotNull(first.newProblem());
    assertTrue(first.newProblem().contains("\"sometimes\""), first.newProblem());
    assertNull(second.newProblem(), "the same problem is reported once");
    assertEquals(RuleMode.ENFORCE, second.policy().modeOf("SC002"));
  }

  @Test
  void unreadableDocument_isAProblemNotACrash() {
    PolicyCache failing =
        new PolicyCache(
            () -> {
              throw new IllegalStateException("ResourceNotFoundException");
            },
            clock);

    PolicyCache.State state = failing.current();

    assertSame(Policy.DEFAULTS, state.policy());
    assertTrue(state.newProblem().contains("ResourceNotFoundException"));
  }

  @Test
  void documentUnavailableForNow_beforeAnyRead_propagates_andIsReadAgain() {
    int[] calls = {0};
    PolicyCache flaky =
        new PolicyCache(
            () -> {
              if (calls[0]++ == 0) {
                throw new PolicyCache.DocumentUnavailableException("throttled", null);
              }
              return Optional.of("{\"rules\":{\"SC002\":\"off\"}}");
            },
            clock);

    org.junit.jupiter.api.Assertions.assertThrows(
        PolicyCache.DocumentUnavailableException.class, flaky::current);
    PolicyCache.State state = flaky.current();

    assertEquals(RuleMode.OFF, state.policy().modeOf("SC002"), "read again at once");
    assertNull(state.newProblem());
  }

  @Test
  void documentUnavailableForNow_afterAGoodRead_keepsThatPolicy_noProblem_readsAgainNext() {
    document = "{\"rules\":{\"SC002\":\"off\"}}";
    boolean[] unavailable = {false};
    PolicyCache flaky =
        new PolicyCache(
            () -> {
              reads++;
              if (unavailable[0]) {
                throw new PolicyCache.DocumentUnavailableException("throttled", null);
              }
              return Optional.ofNullable(document);
            },
            clock);
    flaky.current();
    unavailable[0] = true;
    now = now.plus(PolicyCache.TTL);

    PolicyCache.State state = flaky.current();
    unavailable[0] = false;
    flaky.current();

    assertEquals(RuleMode.OFF, state.policy().modeOf("SC002"));
    assertNull(state.newProblem(), "a throttled read is no problem with the document");
    assertEquals(3, reads, "the failed read is not cached");
  }
}
