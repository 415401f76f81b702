package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.Topic;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationFailedException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes with {@code MessageStructure=json}, one body per protocol, and the attributes
 * subscribers filter on. Throttling, 5xx and connection failures are retried by the SDK (standard
 * mode: backoff with jitter); what still fails is raised as {@link NotificationFailedException},
 * which fails the invocation so the event is retried and then dead-lettered.
 */
public final class SnsTopicGateway implements Topic {

  private final SnsClient sns;
  private final String topicArn;

  public SnsTopicGateway(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(Notification n) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    n.attributes()
        .forEach(
            (name, value) ->
                attributes.put(
                    name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
    // On every message, "[]" when none, so a filter policy on it never meets a missing attribute.
    attributes.put(
        "ruleIds",
        MessageAttributeValue.builder()
            .dataType("String.Array")
            .stringValue(StrictJson.MAPPER.valueToTree(n.ruleIds()).toString())
            .build());
    try {
      sns.publish(
          r ->
              r.topicArn(topicArn)
                  .subject(n.subject())
                  .messageStructure("json")
                  .message(n.snsMessage())
                  .messageAttributes(attributes));
    } catch (SdkException e) {
      throw new NotificationFailedException(topicArn, e);
    }
  }
}
