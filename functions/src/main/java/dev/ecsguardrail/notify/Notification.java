package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One message for the topic, in every form its subscribers read.
 *
 * @param subject under SNS's 100-character limit, one line
 * @param chat an AWS chat-app custom notification (Slack through AWS Chatbot / Amazon Q Developer
 *     in chat applications; also what HTTPS and Lambda subscribers get)
 * @param email plain text a person reads in a mail client
 * @param json the decision as JSON, for SQS subscribers
 * @param attributes SNS message attributes subscribers filter on (single strings)
 * @param ruleIds sent as the {@code String.Array} attribute {@code ruleIds}, so a filter policy
 *     matches one rule id among several
 */
public record Notification(
    String subject,
    String chat,
    String email,
    String json,
    Map<String, String> attributes,
    List<String> ruleIds) {

  public Notification {
    attributes = Map.copyOf(attributes);
    ruleIds = List.copyOf(ruleIds);
  }

  /**
   * The {@code MessageStructure=json} message: a body per protocol, {@code default} for the rest
   * (HTTPS, which is how AWS Chatbot subscribes, and Lambda).
   */
  public String snsMessage() {
    ObjectNode body = StrictJson.MAPPER.createObjectNode();
    body.put("default", chat);
    body.put("email", email);
    body.put("sqs", json);
    return body.toString();
  }

  /** The size SNS counts against its 256 KiB limit: the message and the attributes, in UTF-8. */
  public int snsSize() {
    int size = snsMessage().getBytes(StandardCharsets.UTF_8).length + subject.length();
    for (var e : attributes.entrySet()) {
      size += utf8(e.getKey()) + utf8(e.getValue()) + "String".length();
    }
    return size + utf8("ruleIds") + utf8(String.join("\",\"", ruleIds)) + 20;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
