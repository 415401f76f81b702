package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

  /**
   * This notification, or when it is over {@code maxBytes} a copy whose long texts are cut, shorter
   * each round, until it fits: the renderers bound what they add, but not the values an event
   * brings (a 100,000-character user agent or error message would otherwise make SNS refuse the
   * message). Every text of the JSON bodies, every line of the e-mail and every attribute is cut
   * alike, so the message keeps its shape.
   */
  public Notification fitting(int maxBytes) {
    Notification n = this;
    for (int max = LONG_TEXT; n.snsSize() > maxBytes && max >= 16; max /= 4) {
      n = withTextsCut(max);
    }
    return n;
  }

  /**
   * Longer than any text the renderers write themselves (a chat description is at most 8,000
   * characters): only values from an event are this long.
   */
  static final int LONG_TEXT = 8192;

  /** A copy with every text (JSON string, e-mail line, attribute) longer than {@code max} cut. */
  Notification withTextsCut(int max) {
    Map<String, String> cutAttributes = new java.util.LinkedHashMap<>();
    attributes.forEach((k, v) -> cutAttributes.put(k, UntrustedText.cut(v, Math.min(max, 256))));
    return new Notification(
        subject,
        cutJson(chat, max),
        email
            .lines()
            .map(line -> UntrustedText.cut(line, max) + "\n")
            .collect(Collectors.joining()),
        cutJson(json, max),
        cutAttributes,
        ruleIds);
  }

  private static String cutJson(String json, int max) {
    try {
      return cutTexts(StrictJson.MAPPER.readTree(json), max).toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return UntrustedText.cut(json, max);
    }
  }

  private static JsonNode cutTexts(JsonNode node, int max) {
    if (node.isTextual()) {
      return TextNode.valueOf(UntrustedText.cut(node.asText(), max));
    }
    if (node instanceof ObjectNode object) {
      object.properties().forEach(e -> e.setValue(cutTexts(e.getValue(), max)));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, cutTexts(array.get(i), max));
      }
    }
    return node;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
