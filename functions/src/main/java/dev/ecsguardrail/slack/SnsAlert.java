package dev.ecsguardrail.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.util.List;

/**
 * One SNS message as Lambda delivers it ({@code Records[].Sns}).
 *
 * @param messageId SNS's id for the message: the correlation id, and what errors name
 * @param subject {@code null} when the publisher set none
 * @param message the body ({@code default} of a JSON-structured publish)
 */
public record SnsAlert(String messageId, String subject, String message) {

  /** Every record of a Lambda SNS event; a record without its message id or body is an error. */
  public static List<SnsAlert> listFrom(JsonNode event) {
    List<SnsAlert> alerts =
        StrictJson.list(
            event,
            "Records",
            "$",
            (record, path) -> {
              JsonNode sns =
                  StrictJson.requiredObject(StrictJson.asObject(record, path), "Sns", path);
              String at = path + ".Sns";
              String message = StrictJson.text(sns, "Message", at);
              if (message == null) {
                throw new MalformedEventException(at + ".Message is missing");
              }
              return new SnsAlert(
                  StrictJson.requiredText(sns, "MessageId", at),
                  StrictJson.text(sns, "Subject", at),
                  message);
            });
    if (alerts.isEmpty()) {
      throw new MalformedEventException("$.Records is missing or empty: not an SNS event");
    }
    return alerts;
  }
}
