package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

public class SidecarAlarmNotificationsTest {

  private static AlarmStateChange alarm(String name) throws IOException {
    Path file = Path.of("..", "events", "alarm", name);
    return AlarmStateChangeParser.parse(StrictJson.parse(Files.readAllBytes(file), name));
  }

  /** The notifications under the default policy, as the alarm function sends them. */
  public static Notification fired(AlarmStateChange alarm) {
    return SidecarAlarmNotifications.fired(alarm, decide(alarm));
  }

  public static Notification recovered(AlarmStateChange alarm) {
    return SidecarAlarmNotifications.recovered(alarm, decide(alarm));
  }

  private static Decision decide(AlarmStateChange alarm) {
    return new PolicyEngine(Policy.DEFAULTS, false)
        .decide(
            SidecarAlarmGuard.evaluation(alarm), ResourceTags.UNKNOWN, LocalDate.of(2026, 12, 3));
  }

  private static JsonNode chat(Notification n) {
    return StrictJson.parse(n.chat().getBytes(StandardCharsets.UTF_8), "chat");
  }

  @Test
  void fired_isSm001High_withTheFiguresTheGrpcContextAndTheRemediation() throws IOException {
    Notification n = fired(alarm("sidecar-memory-alarm.json"));

    assertEquals("[HIGH] ecs-guardrail SM001 proxy memory of prod/orders high", n.subject());
    assertEquals(List.of("SM001"), n.ruleIds());
    assertEquals("sidecar-memory", n.attributes().get("kind"));
    assertEquals("HIGH", n.attributes().get("severity"));
    assertEquals("prod", n.attributes().get("cluster"));
    assertEquals("orders", n.attributes().get("service"));
    assertTrue(
        n.email().contains("gRPC service prod/orders went above 819 MiB: 790, 826.5, 841"),
        n.email());
    assertTrue(n.email().contains("--cluster prod --service orders --force-new-deployment"));
    assertTrue(n.email().contains("cannot be pinned"), n.email());
    JsonNode chat = chat(n);
    assertTrue(chat.at("/content/description").asText().contains("serves gRPC"));
    assertEquals(
        "ecs-guardrail/alarm/arn:aws:cloudwatch:us-east-1:123456789012:alarm:"
            + "ecs-guardrail-sidecar-memory-prod-orders",
        chat.at("/metadata/threadId").asText());
    assertEquals(
        819.0,
        StrictJson.parse(n.json().getBytes(StandardCharsets.UTF_8), "j")
            .at("/findings/0/details/thresholdMib")
            .asDouble());
  }

  @Test
  void recovered_isANoteInTheSameThread_thatReachesTheSameSubscribers() throws IOException {
    Notification fired = fired(alarm("sidecar-memory-alarm.json"));
    Notification ok = recovered(alarm("sidecar-memory-ok.json"));

    assertEquals(
        chat(fired).at("/metadata/threadId").asText(), chat(ok).at("/metadata/threadId").asText());
    assertEquals(fired.attributes().get("severity"), ok.attributes().get("severity"));
    assertEquals("OK", ok.attributes().get("alarmState"));
    assertTrue(ok.subject().startsWith("[OK] "), ok.subject());
    assertTrue(ok.email().contains("back below 819 MiB"), ok.email());
  }

  @Test
  void mentionsInTheServiceName_areInertInChat() throws IOException {
    Path file = Path.of("..", "events", "alarm", "sidecar-memory-alarm.json");
    ObjectNode event = (ObjectNode) StrictJson.parse(Files.readAllBytes(file), "alarm");
    ((ObjectNode) event.at("/detail/configuration/metrics/0/metricStat/metric/dimensions"))
        .put("ServiceName", "<!channel> *orders*");

    String description =
        chat(fired(AlarmStateChangeParser.parse(event))).at("/content/description").asText();

    assertTrue(!description.contains("<!channel>"), description);
  }
}
