package dev.ecsguardrail.aws;

import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.Topic;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes to SNS with {@code MessageStructure=json}: people (e-mail, default) get the text,
 * machine subscribers (SQS, Lambda) get the evaluation's JSON.
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
    var body = StrictJson.MAPPER.createObjectNode();
    body.put("default", n.text());
    body.put("email", n.text());
    body.put("sqs", n.json());
    body.put("lambda", n.json());
    Map<String, MessageAttributeValue> attributes =
        n.attributes().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue(e.getValue())
                            .build()));
    sns.publish(
        r ->
            r.topicArn(topicArn)
                .subject(n.subject())
                .messageStructure("json")
                .message(body.toString())
                .messageAttributes(attributes));
  }
}
