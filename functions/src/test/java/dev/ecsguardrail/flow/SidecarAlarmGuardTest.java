package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.rules.StubContextSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The alarm flow's logic with our own ports doubled (a topic that records, a ledger in memory, a
 * policy document, a context with the cluster's tags): SM001 is judged like every finding.
 */
class SidecarAlarmGuardTest {

  private static final Path ALARMS = Path.of("..", "events", "alarm");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  private final List<Notification> published = new ArrayList<>();

  private SidecarAlarmGuard guard(String policyDocument, Map<String, String> clusterTags) {
    return new SidecarAlarmGuard(
        published::add,
        new MemoryLedger(),
        new PolicyCache(() -> Optional.ofNullable(policyDocument), CLOCK),
        StubContextSource.of(null)
            .withCluster(
                new ClusterView(
                    "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                    "prod",
                    "enhanced",
                    clusterTags)),
        SecurityHubPublisher.OFF,
        CLOCK);
  }

  private static byte[] event(String name) throws IOException {
    return Files.readAllBytes(ALARMS.resolve(name));
  }

  @Test
  void alarmFires_sendsSm001InTheOneSchema() throws IOException {
    assertEquals("fired", guard(null, Map.of()).handle(event("sidecar-memory-alarm.json")));

    assertEquals(1, published.size());
    JsonNode body =
        StrictJson.parse(published.getFirst().json().getBytes(StandardCharsets.UTF_8), "sqs");
    assertEquals("sidecar-memory", body.get("kind").asText());
    JsonNode finding = body.at("/findings/0");
    assertEquals("SM001", finding.get("ruleId").asText());
    assertEquals("prod/orders", finding.get("resource").asText());
    assertEquals("reported", finding.get("verdict").asText());
    assertEquals(819.0, finding.at("/details/thresholdMib").asDouble());
  }

  @Test
  void sm001Off_neitherTheAlarmNorItsRecoveryIsSent() throws IOException {
    SidecarAlarmGuard guard = guard("{\"rules\":{\"SM001\":\"off\"}}", Map.of());

    assertEquals("silenced", guard.handle(event("sidecar-memory-alarm.json")));
    assertEquals("silenced", guard.handle(event("sidecar-memory-ok.json")));
    assertEquals(List.of(), published);
  }

  @Test
  void clusterTaggedExempt_neitherTheAlarmNorItsRecoveryIsSent() throws IOException {
    SidecarAlarmGuard guard = guard(null, Map.of("ecs-guardrail:exempt", "SM001"));

    assertEquals("silenced", guard.handle(event("sidecar-memory-alarm.json")));
    assertEquals("silenced", guard.handle(event("sidecar-memory-ok.json")));
    assertEquals(List.of(), published);
  }

  @Test
  void exemptionLapsed_theAlarmIsSent() throws IOException {
    SidecarAlarmGuard guard =
        guard(
            null,
            Map.of("ecs-guardrail:exempt", "SM001", "ecs-guardrail:exempt-until", "2026-12-02"));

    assertEquals("fired", guard.handle(event("sidecar-memory-alarm.json")));
    assertTrue(published.getFirst().json().contains("lapsed"), published.getFirst().json());
  }

  @Test
  void recovery_isNotedWithNoFinding() throws IOException {
    assertEquals("recovered", guard(null, Map.of()).handle(event("sidecar-memory-ok.json")));

    JsonNode body =
        StrictJson.parse(published.getFirst().json().getBytes(StandardCharsets.UTF_8), "sqs");
    assertEquals(0, body.get("findings").size());
    assertTrue(body.get("reason").asText().contains("recovered"), body.toString());
  }

  @Test
  void unreadableAlarmEvent_isEv001InTheOneSchema_evenWithEveryRuleOff() {
    SidecarAlarmGuard guard = guard("{\"default\":\"off\"}", Map.of());

    assertEquals("unreadable", guard.handle("{\"id\":\"ev-9\",\"detail\":{}}".getBytes()));

    JsonNode body =
        StrictJson.parse(published.getFirst().json().getBytes(StandardCharsets.UTF_8), "sqs");
    assertEquals(false, body.get("evaluable").asBoolean());
    assertEquals("EV001", body.at("/findings/0/ruleId").asText());
    assertEquals("reported", body.at("/findings/0/verdict").asText());
  }
}
