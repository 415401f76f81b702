package dev.ecsguardrail.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key that makes a redelivered event a duplicate: the CloudTrail event id of an API call, the
 * EventBridge id of any other event, and for input with neither, a digest of its bytes (a replay of
 * the same malformed file is still one event).
 */
public final class EventKey {

  private EventKey() {}

  public static String of(JsonNode envelope, byte[] raw) {
    if (envelope != null && envelope.isObject()) {
      JsonNode detail = envelope.get("detail");
      if (detail != null && detail.path("eventID").isTextual()) {
        return "api:" + detail.get("eventID").asText();
      }
      if (envelope.path("id").isTextual()) {
        return "event:" + envelope.get("id").asText();
      }
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
