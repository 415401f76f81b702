package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The alarm event's time: the alerts quote it. */
class AlarmStateChangeParserTimeTest {

  private static ObjectNode sample() throws IOException {
    Path file = Path.of("..", "events", "alarm", "sidecar-memory-alarm.json");
    return (ObjectNode) StrictJson.parse(Files.readAllBytes(file), file.toString());
  }

  @Test
  void time_isTheEnvelopesTime() throws IOException {
    assertEquals(
        Instant.parse("2026-11-30T10:15:42Z"), AlarmStateChangeParser.parse(sample()).time());
  }

  @Test
  void aTimeThatIsNotATimestamp_isRefusedWithTheEventId() throws IOException {
    ObjectNode event = sample().put("time", "yesterday");

    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> AlarmStateChangeParser.parse(event));
    assertEquals(
        "event 5e1a0c2d-7b3f-4e8a-9c61-000000000201: $.time is not a timestamp: yesterday",
        e.getMessage());
  }
}
