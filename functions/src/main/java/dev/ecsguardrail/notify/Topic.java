package dev.ecsguardrail.notify;

/** Where notifications go (an SNS topic in production). */
public interface Topic {

  /** Publishes, or throws: a notification is never dropped silently. */
  void publish(Notification notification);
}
