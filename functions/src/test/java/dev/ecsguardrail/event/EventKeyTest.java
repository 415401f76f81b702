package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.json.StrictJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventKeyTest {

  private static String keyOf(String json) {
    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
    return EventKey.of(StrictJson.treeOrNull(raw), raw);
  }

  @Test
  void apiCall_isKeyedOnTheCloudTrailEventId_notTheEnvelopeId() {
    // EventBridge gives each delivery attempt of a replayed record the same detail.eventID.
    assertEquals("api:ct-1", keyOf("{\"id\":\"eb-1\",\"detail\":{\"eventID\":\"ct-1\"}}"));
    assertEquals("api:ct-1", keyOf("{\"id\":\"eb-2\",\"detail\":{\"eventID\":\"ct-1\"}}"));
  }

  @Test
  void otherEvents_areKeyedOnTheEnvelopeId() {
    assertEquals("event:eb-1", keyOf("{\"id\":\"eb-1\",\"detail\":{}}"));
  }

  @Test
  void inputWithNoId_isKeyedOnItsBytes() {
    String key = keyOf("not json at all");

    assertTrue(key.startsWith("sha256:"), key);
    assertEquals(key, keyOf("not json at all"));
    assertNotEquals(key, keyOf("not json at all!"));
  }
}
