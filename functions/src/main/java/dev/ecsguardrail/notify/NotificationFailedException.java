package dev.ecsguardrail.notify;

/** The topic did not take a notification after retries: the invocation must fail, not drop it. */
public final class NotificationFailedException extends RuntimeException {

  public NotificationFailedException(String topic, Throwable cause) {
    super("could not publish to " + topic + ": " + cause.getMessage(), cause);
  }
}
