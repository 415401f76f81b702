package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.slack.FakeSlack.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SlackWebhookTest {

  private static final String PATH = "/services/T000/B000/s3cr3t";
  private static final String PAYLOAD = "{\"text\":\"hello\"}";

  /**
   * Short backoffs, so each scenario takes well under a second or two; a request timeout long
   * enough that a busy machine never turns a scripted answer into a timeout.
   */
  private static final SlackWebhook.Policy FAST =
      new SlackWebhook.Policy(
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          4,
          Duration.ofMillis(10),
          Duration.ofMillis(50),
          Duration.ofSeconds(2),
          Duration.ofSeconds(10));

  private static Instant inAMinute() {
    return Instant.now().plusSeconds(60);
  }

  /** Serves the given URLs in turn (the last one repeats), counting reads of the secret. */
  private static final class Secret implements Supplier<WebhookUrl> {
    private final Queue<WebhookUrl> versions;
    private final AtomicInteger reads = new AtomicInteger();

    Secret(WebhookUrl... versions) {
      this.versions = new ArrayDeque<>(List.of(versions));
    }

    @Override
    public WebhookUrl get() {
      reads.incrementAndGet();
      return versions.size() > 1 ? versions.poll() : versions.peek();
    }
  }

  @Test
  void accepted_postsOnceAsJson_andReadsTheSecretOnce() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.ok())) {
      Secret secret = new Secret(slack.url(PATH));
      SlackWebhook webhook = new SlackWebhook(secret, FAST);

      assertEquals(1, webhook.post("m-1", PAYLOAD, inAMinute()));
      assertEquals(1, webhook.post("m-2", PAYLOAD, inAMinute()));

      assertEquals(2, slack.received().size());
      FakeSlack.Received first = slack.received().getFirst();
      assertEquals(PATH, first.path());
      assertEquals(PAYLOAD, first.body());
      assertTrue(first.contentType().startsWith("application/json"), first.contentType());
      assertEquals(1, secret.reads.get(), "the URL is cached for the execution environment");
    }
  }

  @Test
  void tooManyRequests_waitsRetryAfter_thenPosts() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.tooManyRequests("1"), Reply.ok())) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), FAST);
      long start = System.nanoTime();

      assertEquals(2, webhook.post("m-1", PAYLOAD, inAMinute()));

      long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(waitedMs >= 950, "honours Retry-After: 1, waited " + waitedMs + " ms");
      assertEquals(2, slack.received().size());
    }
  }

  @Test
  void tooManyRequests_longRetryAfter_waitsOnlyTheCap() throws Exception {
    SlackWebhook.Policy capped =
        new SlackWebhook.Policy(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            4,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(10));
    try (FakeSlack slack = new FakeSlack(Reply.tooManyRequests("3600"), Reply.ok())) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), capped);
      long start = System.nanoTime();

      assertEquals(2, webhook.post("m-1", PAYLOAD, inAMinute()));

      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
    }
  }

  @Test
  void serverErrorEveryTime_failsAfterMaxAttempts_namingTheMessageNotTheUrl() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.status(500, "internal_error"))) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), FAST);

      SlackDeliveryException e =
          assertThrows(
              SlackDeliveryException.class, () -> webhook.post("m-500", PAYLOAD, inAMinute()));

      assertEquals(FAST.maxAttempts(), slack.received().size());
      assertTrue(e.getMessage().contains("m-500"), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 500 (internal_error)"), e.getMessage());
      assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
  }

  @Test
  void serverErrorThenOk_retriesAndPosts() throws Exception {
    try (FakeSlack slack =
        new FakeSlack(Reply.status(503, "unavailable"), Reply.status(502, ""), Reply.ok())) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), FAST);

      assertEquals(3, webhook.post("m-1", PAYLOAD, inAMinute()));
    }
  }

  @Test
  void slowAnswer_timesOut_andIsRetried() throws Exception {
    SlackWebhook.Policy impatient =
        new SlackWebhook.Policy(
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            4,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10));
    try (FakeSlack slack = new FakeSlack(Reply.slow(Duration.ofSeconds(10)), Reply.ok())) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), impatient);
      long start = System.nanoTime();

      assertEquals(2, webhook.post("m-1", PAYLOAD, inAMinute()));

      long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(tookMs < 5_000, "gave up on the slow answer after the timeout, took " + tookMs);
    }
  }

  @Test
  void closedPort_isRetried_thenFailsWithTheError() throws Exception {
    WebhookUrl closed;
    try (FakeSlack slack = new FakeSlack(Reply.ok())) {
      closed = slack.url(PATH);
    }
    SlackWebhook webhook = new SlackWebhook(new Secret(closed), FAST);

    SlackDeliveryException e =
        assertThrows(
            SlackDeliveryException.class, () -> webhook.post("m-io", PAYLOAD, inAMinute()));

    assertTrue(e.getMessage().contains("m-io"), e.getMessage());
    assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void badRequest_failsAtOnce() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.status(400, "invalid_blocks"))) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), FAST);

      SlackDeliveryException e =
          assertThrows(
              SlackDeliveryException.class, () -> webhook.post("m-400", PAYLOAD, inAMinute()));

      assertEquals(1, slack.received().size());
      assertTrue(e.getMessage().contains("m-400"), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 400 (invalid_blocks); not retried"), e.getMessage());
    }
  }

  @Test
  void forbidden_afterRotation_readsTheSecretAgain_andPostsToTheNewUrl() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.status(403, "invalid_token"), Reply.ok())) {
      Secret secret = new Secret(slack.url("/services/old"), slack.url("/services/new"));
      SlackWebhook webhook = new SlackWebhook(secret, FAST);

      assertEquals(2, webhook.post("m-1", PAYLOAD, inAMinute()));
      webhook.post("m-2", PAYLOAD, inAMinute());

      assertEquals(
          List.of("/services/old", "/services/new", "/services/new"),
          slack.received().stream().map(FakeSlack.Received::path).toList());
      assertEquals(2, secret.reads.get(), "read once, then once after the 403");
    }
  }

  @Test
  void notFound_sameSecret_failsWithoutRetrying() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.status(404, "no_service"))) {
      Secret secret = new Secret(slack.url(PATH));
      SlackWebhook webhook = new SlackWebhook(secret, FAST);

      SlackDeliveryException e =
          assertThrows(
              SlackDeliveryException.class, () -> webhook.post("m-404", PAYLOAD, inAMinute()));

      assertEquals(1, slack.received().size());
      assertEquals(2, secret.reads.get());
      assertTrue(e.getMessage().contains("HTTP 404 (no_service)"), e.getMessage());
    }
  }

  @Test
  void deadline_boundsTheRetries() throws Exception {
    // Left alone, 1,000 attempts 100 ms apart would take 100 s (and the budget allows 60 s).
    SlackWebhook.Policy patient =
        new SlackWebhook.Policy(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            1_000,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            Duration.ofSeconds(60));
    try (FakeSlack slack = new FakeSlack(Reply.status(500, "internal_error"))) {
      SlackWebhook webhook = new SlackWebhook(new Secret(slack.url(PATH)), patient);
      long start = System.nanoTime();

      assertThrows(
          SlackDeliveryException.class,
          () -> webhook.post("m-1", PAYLOAD, Instant.now().plusSeconds(1)));

      long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(tookMs < 3_000, "stopped at the deadline, took " + tookMs + " ms");
      assertTrue(slack.received().size() <= 20, slack.received().size() + " attempts");
    }
  }
}
