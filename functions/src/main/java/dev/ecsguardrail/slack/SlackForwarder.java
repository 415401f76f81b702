package dev.ecsguardrail.slack;

import static dev.ecsguardrail.log.LogFields.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards SNS alerts to Slack: renders each one and posts it.
 *
 * <p>Every alert is tried even when an earlier one failed, then the call fails naming each alert
 * that did not get through, so that Lambda retries the event and finally dead-letters it. A retry
 * posts the whole event again, so alerts that did get through may show twice in Slack: a duplicate
 * rather than a loss. (SNS delivers one record per invocation, so in practice there is one alert.)
 */
public final class SlackForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(SlackForwarder.class);

  private final SlackWebhook webhook;

  public SlackForwarder(SlackWebhook webhook) {
    this.webhook = webhook;
  }

  /**
   * Posts every alert by {@code deadline}; returns how many were posted (all of them).
   *
   * @throws SlackDeliveryException when any alert was not posted
   */
  public int forward(List<SnsAlert> alerts, Instant deadline) {
    List<String> failures = new ArrayList<>();
    for (SnsAlert alert : alerts) {
      String payload = SlackMessage.render(alert.subject(), alert.message()).toString();
      try {
        webhook.post(alert.messageId(), payload, deadline);
      } catch (SlackDeliveryException e) {
        LOG.error(
            "not posted to Slack",
            entry("messageId", alert.messageId()),
            entry("failure", e.getMessage()));
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new SlackDeliveryException(String.join("; ", failures));
    }
    return alerts.size();
  }
}
