package dev.ecsguardrail.notify;

import java.util.Map;

/**
 * One message for the topic.
 *
 * @param subject under SNS's 100-character limit, one line
 * @param text plain text a person reads (e-mail, the default body)
 * @param json the evaluation as JSON, for machine subscribers (SQS, Lambda)
 * @param attributes SNS message attributes subscribers filter on
 */
public record Notification(
    String subject, String text, String json, Map<String, String> attributes) {

  public Notification {
    attributes = Map.copyOf(attributes);
  }
}
