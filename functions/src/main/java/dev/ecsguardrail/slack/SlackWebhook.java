package dev.ecsguardrail.slack;

import static dev.ecsguardrail.log.LogFields.entry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts payloads to a Slack incoming webhook, retrying what can succeed later and failing loudly
 * otherwise, within a bounded time.
 *
 * <ul>
 *   <li>2xx: done.
 *   <li>429: retried after {@code Retry-After} (capped), or the backoff when it has none.
 *   <li>5xx, I/O errors, timeouts: retried with exponential backoff and jitter.
 *   <li>403 and 404 (webhook revoked, or the secret rotated): the secret is read again once; a new
 *       URL is tried at once, the same one fails.
 *   <li>any other status: fails at once (the payload or the channel is wrong; retrying cannot
 *       help).
 * </ul>
 *
 * A failure throws {@link SlackDeliveryException} naming the SNS message, so that the invocation
 * fails and Lambda's retries and dead-letter queue keep the message. The URL is read on first use
 * (not during init: no secret in the SnapStart snapshot), cached for the execution environment, and
 * never logged. One post at a time, as Lambda runs its handler.
 */
public final class SlackWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(SlackWebhook.class);

  /** How much of Slack's answer goes into an error message (Slack answers with short codes). */
  private static final int ANSWER_SHOWN = 200;

  /**
   * Timeouts and retry bounds.
   *
   * @param connectTimeout to open a connection
   * @param requestTimeout from sending to the response headers, per attempt
   * @param maxAttempts attempts per payload, the first included
   * @param firstBackoff the delay before the second attempt; doubled each time, with jitter
   * @param maxBackoff the longest delay between attempts
   * @param maxRetryAfter the longest 429 {@code Retry-After} honoured
   * @param totalBudget the longest time one payload may take, all attempts and waits included
   */
  public record Policy(
      Duration connectTimeout,
      Duration requestTimeout,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration maxRetryAfter,
      Duration totalBudget) {

    /** Leaves a 30 s Lambda room to fail and report within its timeout. */
    public static final Policy DEFAULT =
        new Policy(
            Duration.ofSeconds(3),
            Duration.ofSeconds(5),
            5,
            Duration.ofMillis(250),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(20));
  }

  private final Supplier<WebhookUrl> secret;
  private final Policy policy;
  private final HttpClient http;
  private WebhookUrl url;

  /**
   * @param secret reads the webhook URL from its secret (each call reads it again)
   */
  public SlackWebhook(Supplier<WebhookUrl> secret, Policy policy) {
    this.secret = secret;
    this.policy = policy;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(policy.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts one payload; returns the number of attempts it took.
   *
   * @param messageId the SNS message id, for logs and errors
   * @param deadline the latest time to be done by (the invocation's own limit)
   * @throws SlackDeliveryException when Slack did not take the payload
   */
  public int post(String messageId, String payload, Instant deadline) {
    Instant start = Instant.now();
    Instant end = min(deadline, start.plus(policy.totalBudget()));
    WebhookUrl target = url();
    boolean secretReread = false;
    for (int attempt = 1; ; attempt++) {
      Answer answer = send(target, payload, end);
      if (answer.accepted()) {
        LOG.info("posted to Slack", entry("messageId", messageId), entry("attempts", attempt));
        return attempt;
      }
      if ((answer.status() == 403 || answer.status() == 404) && !secretReread) {
        secretReread = true;
        WebhookUrl current = secret.get();
        if (!current.equals(target)) {
          LOG.warn(
              "Slack refused the webhook; trying the rotated secret",
              entry("messageId", messageId),
              entry("status", answer.status()));
          url = current;
          target = current;
          continue;
        }
      }
      String failure = answer.describe(target);
      if (!answer.retryable()) {
        throw new SlackDeliveryException(
            "Slack refused SNS message " + messageId + ": " + failure + "; not retried");
      }
      Duration wait = delay(attempt, answer);
      if (attempt >= policy.maxAttempts() || !Instant.now().plus(wait).isBefore(end)) {
        throw new SlackDeliveryException(
            "Slack did not take SNS message "
                + messageId
                + ": "
                + failure
                + " after "
                + attempt
                + " attempts in "
                + Duration.between(start, Instant.now()).toMillis()
                + " ms");
      }
      LOG.warn(
          "Slack post failed; retrying",
          entry("messageId", messageId),
          entry("attempt", attempt),
          entry("failure", failure),
          entry("retryInMs", wait.toMillis()));
      sleep(wait);
    }
  }

  private WebhookUrl url() {
    if (url == null) {
      url = secret.get();
    }
    return url;
  }

  private Answer send(WebhookUrl target, String payload, Instant end) {
    Duration left = Duration.between(Instant.now(), end);
    if (left.isNegative() || left.isZero()) {
      return Answer.failed("no time left");
    }
    HttpRequest request =
        HttpRequest.newBuilder(target.uri())
            .timeout(left.compareTo(policy.requestTimeout()) < 0 ? left : policy.requestTimeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException e) {
      // HttpTimeoutException and ConnectException included. The cause is not kept: its message
      // and stack could carry the URL into the logs.
      String error = e.getClass().getSimpleName();
      return Answer.failed(
          e.getMessage() == null ? error : error + ": " + target.redact(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlackDeliveryException("interrupted while posting to Slack");
    }
  }

  /** The wait before the next attempt: Slack's Retry-After when it sends one, else the backoff. */
  private Duration delay(int attempt, Answer answer) {
    Duration retryAfter = answer.retryAfter();
    if (retryAfter != null) {
      return retryAfter.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : retryAfter;
    }
    long ceiling =
        Math.min(
            policy.maxBackoff().toMillis(),
            policy.firstBackoff().toMillis() << Math.min(attempt - 1, 20));
    // Equal jitter: at least half the backoff, so retries from many environments spread out. A
    // fresh SecureRandom, because a generator seeded before the SnapStart snapshot would give
    // every restored environment the same "random" delays.
    return Duration.ofMillis(ceiling / 2 + new SecureRandom().nextLong(ceiling / 2 + 1));
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlackDeliveryException("interrupted while waiting to retry a Slack post");
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /**
   * What one attempt got: an HTTP status (0 when there was no response) and Slack's answer or the
   * error.
   */
  private record Answer(int status, String body, String retryAfterHeader) {

    static Answer failed(String error) {
      return new Answer(0, error, null);
    }

    boolean accepted() {
      return status >= 200 && status < 300;
    }

    boolean retryable() {
      return status == 0 || status == 429 || status >= 500;
    }

    /** Retry-After in seconds (the form Slack sends); {@code null} when absent or a date. */
    Duration retryAfter() {
      if (status != 429 || retryAfterHeader == null) {
        return null;
      }
      try {
        long seconds = Long.parseLong(retryAfterHeader.strip());
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    String describe(WebhookUrl target) {
      String said = target.redact(body == null ? "" : body.strip()).replaceAll("\\s+", " ");
      if (said.length() > ANSWER_SHOWN) {
        said = said.substring(0, ANSWER_SHOWN) + "...";
      }
      return status == 0 ? said : "HTTP " + status + (said.isEmpty() ? "" : " (" + said + ")");
    }
  }
}
