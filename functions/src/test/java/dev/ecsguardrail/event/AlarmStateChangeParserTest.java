package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmStateChangeParserTest {

  private static ObjectNode sample(String name) throws IOException {
    Path file = Path.of("..", "events", "alarm", name);
    return (ObjectNode) StrictJson.parse(Files.readAllBytes(file), file.toString());
  }

  @Test
  void alarm_namesTheServiceFromTheMetricsDimensions_andQuotesReasonData() throws IOException {
    AlarmStateChange alarm = AlarmStateChangeParser.parse(sample("sidecar-memory-alarm.json"));

    assertEquals("prod/orders", alarm.resource());
    assertEquals("ecs-service-connect-oRK9o", alarm.containerName());
    assertEquals(
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-guardrail-sidecar-memory-prod-orders",
        alarm.alarmArn());
    assertEquals(819.0, alarm.thresholdMib());
    assertEquals(List.of(790.0, 826.5, 841.0, 858.25, 872.0), alarm.recentDatapoints());
    assertTrue(alarm.fired());
    assertFalse(alarm.recovered());
  }

  @Test
  void theAlarmsName_isNeverWhereTheServiceComesFrom() throws IOException {
    ObjectNode event = sample("sidecar-memory-alarm.json");
    ((ObjectNode) event.get("detail")).put("alarmName", "ecs-guardrail-sidecar-memory-x-y");

    assertEquals("prod/orders", AlarmStateChangeParser.parse(event).resource());
  }

  @Test
  void okAfterAlarm_isARecovery_insufficientDataIsNeither() throws IOException {
    AlarmStateChange ok = AlarmStateChangeParser.parse(sample("sidecar-memory-ok.json"));
    AlarmStateChange unknown =
        AlarmStateChangeParser.parse(sample("sidecar-memory-insufficient-data.json"));

    assertTrue(ok.recovered());
    assertFalse(unknown.fired() || unknown.recovered());
    assertNull(unknown.thresholdMib(), "no reasonData: no threshold claimed");
  }

  @Test
  void unreadableReasonData_isLeftOut_notFatal() throws IOException {
    ObjectNode event = sample("sidecar-memory-alarm.json");
    ((ObjectNode) event.at("/detail/state")).put("reasonData", "{not json");

    AlarmStateChange alarm = AlarmStateChangeParser.parse(event);

    assertNull(alarm.thresholdMib());
    assertEquals(List.of(), alarm.recentDatapoints());
  }

  @Test
  void anAlarmOnAnotherKindOfMetric_isRefusedWithTheEventId() throws IOException {
    ObjectNode event = sample("sidecar-memory-alarm.json");
    JsonNode dimensions = event.at("/detail/configuration/metrics/0/metricStat/metric/dimensions");
    ((ObjectNode) dimensions).remove("ServiceName");

    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> AlarmStateChangeParser.parse(event));
    assertTrue(
        e.getMessage().startsWith("event 5e1a0c2d-7b3f-4e8a-9c61-000000000201: "), e.getMessage());
    assertTrue(e.getMessage().contains("ServiceName"), e.getMessage());
  }

  @Test
  void anotherDetailType_isNotAnAlarmStateChange() throws IOException {
    ObjectNode event = sample("sidecar-memory-alarm.json");
    event.put("detail-type", "AWS API Call via CloudTrail");

    assertFalse(AlarmStateChangeParser.isAlarmStateChange(event));
    assertThrows(MalformedEventException.class, () -> AlarmStateChangeParser.parse(event));
  }
}
