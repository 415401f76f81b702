package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQS event source mapping's side of a queue-fed Lambda: the batch it delivers, and the
 * messages the function's answer asks to retry ({@code ReportBatchItemFailures}).
 */
final class SqsEvents {

  private SqsEvents() {}

  record SqsMessage(String id, String body) {}

  static SqsMessage message(String id, String body) {
    return new SqsMessage(id, body);
  }

  /** An SQS event as Lambda's event source mapping delivers it. */
  static String batch(SqsMessage... messages) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    ArrayNode records = root.putArray("Records");
    for (SqsMessage m : messages) {
      ObjectNode record = records.addObject();
      record.put("messageId", m.id());
      record.put("receiptHandle", "handle-" + m.id());
      record.put("body", m.body());
      record
          .putObject("attributes")
          .put("ApproximateReceiveCount", "1")
          .put("SentTimestamp", Long.toString(Instant.now().toEpochMilli()));
      record.putObject("messageAttributes");
      record.put("eventSource", "aws:sqs");
      record.put(
          "eventSourceARN",
          "arn:aws:sqs:" + Emulator.REGION + ":123456789012:ecs-guardrail-cluster-deletion");
      record.put("awsRegion", Emulator.REGION);
    }
    return root.toString();
  }

  /** The message ids of a {@code batchItemFailures} answer, in order. */
  static List<String> failures(JsonNode reply) {
    JsonNode failures = reply.get("batchItemFailures");
    if (failures == null || !failures.isArray()) {
      throw new AssertionError("not a batchItemFailures answer: " + reply);
    }
    List<String> ids = new ArrayList<>();
    failures.forEach(f -> ids.add(f.get("itemIdentifier").asText()));
    return ids;
  }
}
