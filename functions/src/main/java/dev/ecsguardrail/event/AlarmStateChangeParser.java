package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.requiredObject;
import static dev.ecsguardrail.json.StrictJson.requiredText;
import static dev.ecsguardrail.json.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a "CloudWatch Alarm State Change" event. The service comes from the metric's dimensions,
 * never from the alarm's name (a person may rename or copy an alarm; the dimensions are what it
 * watches).
 */
public final class AlarmStateChangeParser {

  public static final String DETAIL_TYPE = "CloudWatch Alarm State Change";

  private AlarmStateChangeParser() {}

  public static boolean isAlarmStateChange(JsonNode envelope) {
    return envelope != null && DETAIL_TYPE.equals(envelope.path("detail-type").asText());
  }

  /**
   * @throws MalformedEventException naming the event id and what is wrong
   */
  public static AlarmStateChange parse(JsonNode envelope) {
    String eventId = envelope.path("id").isTextual() ? envelope.get("id").asText() : "unknown";
    try {
      return read(envelope, eventId);
    } catch (MalformedEventException e) {
      throw new MalformedEventException("event " + eventId + ": " + e.getMessage());
    }
  }

  private static AlarmStateChange read(JsonNode envelope, String eventId) {
    if (!DETAIL_TYPE.equals(text(envelope, "detail-type", "$"))) {
      throw new MalformedEventException("not a CloudWatch Alarm State Change");
    }
    JsonNode detail = requiredObject(envelope, "detail", "$");
    JsonNode state = requiredObject(detail, "state", "detail");
    JsonNode previous = object(detail, "previousState", "detail");
    JsonNode dimensions = dimensions(requiredObject(detail, "configuration", "detail"));
    List<String> resources = StrictJson.texts(envelope, "resources", "$");
    String alarmName = requiredText(detail, "alarmName", "detail");
    JsonNode reasonData = reasonData(text(state, "reasonData", "detail.state"));
    return new AlarmStateChange(
        eventId,
        time(envelope),
        text(envelope, "account", "$"),
        text(envelope, "region", "$"),
        resources.isEmpty() ? alarmName : resources.getFirst(),
        alarmName,
        requiredText(state, "value", "detail.state"),
        previous == null ? null : text(previous, "value", "detail.previousState"),
        text(state, "reason", "detail.state"),
        dimension(dimensions, "ClusterName"),
        dimension(dimensions, "ServiceName"),
        text(dimensions, "ContainerName", "dimensions"),
        reasonData.path("threshold").isNumber() ? reasonData.get("threshold").asDouble() : null,
        datapoints(reasonData.path("recentDatapoints")));
  }

  /** The dimensions of the alarm's (single) metric. */
  private static JsonNode dimensions(JsonNode configuration) {
    for (JsonNode metric : configuration.path("metrics")) {
      JsonNode dimensions = metric.path("metricStat").path("metric").path("dimensions");
      if (dimensions.isObject()) {
        return dimensions;
      }
    }
    throw new MalformedEventException(
        "detail.configuration.metrics has no metricStat with dimensions: not a proxy-memory alarm");
  }

  private static String dimension(JsonNode dimensions, String name) {
    String value = text(dimensions, name, "dimensions");
    if (value == null || value.isBlank()) {
      throw new MalformedEventException(
          "the alarm's metric has no " + name + " dimension: not a proxy-memory alarm");
    }
    return value;
  }

  /** {@code reasonData} is a JSON document inside a string; unreadable, it is left out. */
  private static JsonNode reasonData(String text) {
    if (text == null) {
      return StrictJson.MAPPER.createObjectNode();
    }
    JsonNode parsed = StrictJson.treeOrNull(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return parsed == null ? StrictJson.MAPPER.createObjectNode() : parsed;
  }

  private static List<Double> datapoints(JsonNode array) {
    List<Double> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (value.isNumber()) {
        values.add(value.asDouble());
      }
    }
    return values;
  }

  private static Instant time(JsonNode envelope) {
    String time = text(envelope, "time", "$");
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new MalformedEventException("$.time is not a timestamp: " + time);
    }
  }
}
