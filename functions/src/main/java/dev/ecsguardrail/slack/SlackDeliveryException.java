package dev.ecsguardrail.slack;

/**
 * Slack did not take a message. The message names the SNS message id and never the webhook URL: it
 * ends up in the logs and in the dead-letter record of the failed invocation.
 */
public final class SlackDeliveryException extends RuntimeException {

  public SlackDeliveryException(String message) {
    super(message);
  }
}
