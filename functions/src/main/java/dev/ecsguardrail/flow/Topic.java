package dev.ecsguardrail.flow;

import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationFailedException;

/** Where notifications go (an SNS topic in production). */
public interface Topic {

  /**
   * Publishes, or throws: a notification is never dropped silently.
   *
   * @throws NotificationFailedException when the topic did not take it after retries
   */
  void publish(Notification notification);
}
