package dev.ecsguardrail.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.props.Invocations;
import dev.ecsguardrail.props.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The correlation id reaches the JSON log lines of the invocation, and only those. */
class CorrelatedLoggingTest {

  private static final Logger LOG = LoggerFactory.getLogger(CorrelatedLoggingTest.class);
  private static final JsonPointer MESSAGE_ID = JsonPointer.compile("/Records/0/messageId");

  private static JsonNode tree(String json) {
    return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void theIdAtThePointerIsEveryLineOfTheInvocationsCorrelationId() {
    JsonNode batch = tree("{\"Records\":[{\"messageId\":\"m-1\"},{\"messageId\":\"m-2\"}]}");
    try (LogCapture logs = new LogCapture()) {
      String result =
          CorrelatedLogging.withLogging(
              Invocations.slackForwarder(),
              MESSAGE_ID,
              batch,
              () -> {
                LOG.info("inside");
                return "done";
              });
      LOG.info("after");

      assertEquals("done", result);
      List<String> lines = logs.lines();
      assertEquals(2, lines.size(), logs.text());
      JsonNode inside = tree(lines.get(0));
      assertEquals("inside", inside.path("message").asText());
      assertEquals("m-1", inside.path("correlation_id").asText(), lines.get(0));
      assertEquals("req-1", inside.path("function_request_id").asText(), "Powertools' fields too");
      assertFalse(tree(lines.get(1)).has("correlation_id"), "cleared after the invocation");
    }
  }

  @Test
  void noIdWhereThePointerFindsNoNonEmptyString() {
    assertNull(CorrelatedLogging.correlationId(null, MESSAGE_ID), "not JSON");
    assertNull(CorrelatedLogging.correlationId(tree("{\"Records\":[]}"), MESSAGE_ID));
    assertNull(
        CorrelatedLogging.correlationId(tree("{\"Records\":[{\"messageId\":7}]}"), MESSAGE_ID));
    assertNull(
        CorrelatedLogging.correlationId(tree("{\"Records\":[{\"messageId\":\"\"}]}"), MESSAGE_ID));
    assertEquals(
        "e-1",
        CorrelatedLogging.correlationId(
            tree("{\"detail\":{\"eventID\":\"e-1\"}}"), JsonPointer.compile("/detail/eventID")));
  }

  @Test
  void aMissingIdStillRunsTheWorkWithoutOne() {
    try (LogCapture logs = new LogCapture()) {
      CorrelatedLogging.withLogging(
          Invocations.slackForwarder(),
          MESSAGE_ID,
          null,
          () -> {
            LOG.info("inside");
            return null;
          });
      assertTrue(logs.text().contains("\"inside\""), logs.text());
      assertFalse(logs.text().contains("correlation_id"), logs.text());
    }
  }
}
