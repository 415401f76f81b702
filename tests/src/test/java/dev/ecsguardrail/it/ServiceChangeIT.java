package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sample event through the service-change flow against the emulator: context read through the
 * real gateways, alerts published to a real SNS topic and read back from an SQS subscription.
 * Creates (and deletes) two clusters, seven task definitions, a topic and a queue, all prefixed
 * {@code guardrail-it-}.
 */
class ServiceChangeIT {

  private static Fleet fleet;
  private static CallCounter calls;
  private static ServiceChangeGuard guard;

  @BeforeAll
  static void seed() {
    fleet = new Fleet(Emulator.endpoint());
    calls = new CallCounter();
    AwsClients clients = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls));
    guard = fleet.guard(clients, false);
  }

  @AfterAll
  static void cleanUp() {
    fleet.close();
  }

  @Test
  void everySampleEvent_findsWhatItShould_notifiesOnce_readsAtMostOnePerEventOnAverage() {
    Map<String, Evaluation> byEventId = new HashMap<>();
    long reads = 0;
    int notifying = 0;
    for (Path event : Project.events()) {
      calls.reset();
      Decision decision = guard.handle(fleet.localize(event)).decision();
      Evaluation evaluation = decision.evaluation();
      reads += calls.reads();
      assertEquals(
          Expected.ruleIds(event),
          evaluation.findings().stream().map(Finding::ruleId).toList(),
          event.getFileName() + " " + evaluation.reason());
      if (decision.worthNotifying()) {
        notifying++;
        byEventId.put(evaluation.eventId(), evaluation);
      }
    }
    double readsPerEvent = (double) reads / Project.events().size();
    System.out.printf(
        "MEASURE reads_per_event=%.2f events=%d reads=%d%n",
        readsPerEvent, Project.events().size(), reads);
    // Task definitions are cached, clusters and tags shared for minutes across events.
    assertTrue(readsPerEvent <= 1.0, "reads per event " + readsPerEvent);

    List<JsonNode> delivered = fleet.delivered(notifying, Duration.ofSeconds(30));
    assertEquals(notifying, delivered.size(), "one SNS message per event worth notifying");
    for (JsonNode envelope : delivered) {
      JsonNode result =
          dev.ecsguardrail.json.StrictJson.parse(
              envelope.get("Message").asText().getBytes(), "delivered message");
      Evaluation sent = byEventId.remove(result.get("eventId").asText());
      assertEquals(
          sent.findings().stream().map(Finding::ruleId).toList(),
          ruleIds(result),
          "the JSON body delivered through SNS for " + sent.eventId());
      JsonNode attributes = envelope.get("MessageAttributes");
      assertEquals(
          sent.highestSeverity().map(Severity::name).orElse("UNKNOWN"),
          attributes.get("severity").get("Value").asText());
      assertTrue(envelope.get("Subject").asText().length() < 100);
    }
    assertEquals(Map.of(), byEventId, "events whose notification never arrived");
  }

  @Test
  void failedCall_withTaskDefinitionFromTheRequest_isReportedLowAndRejected() {
    Evaluation evaluation =
        guard
            .handle(
                Fleet.withEventId(
                    fleet.localize(
                        Project.EVENTS.resolve("create-service-codedeploy-rejected.json")),
                    "rejected-again"))
            .decision()
            .evaluation();
    Finding sc001 = evaluation.findings().getFirst();
    assertEquals(Severity.LOW, sc001.severity());
    assertTrue(sc001.rejectedByEcs());
    assertTrue(sc001.remediation().contains("BLUE_GREEN"), sc001.remediation());
  }

  @Test
  void unknownTaskDefinition_isContextUnavailable_notAPass() {
    byte[] event =
        new String(fleet.localize(Project.EVENTS.resolve("create-service-sc-http-clean.json")))
            .replaceAll("catalog-http:\\d+", "catalog-http:999")
            .getBytes();
    event = Fleet.withEventId(event, "unknown-task-definition");
    Evaluation evaluation = guard.handle(event).decision().evaluation();
    assertEquals(false, evaluation.evaluable());
    assertTrue(
        evaluation.reason().startsWith("context unavailable: task definition"),
        evaluation.reason());
    fleet.delivered(1, Duration.ofSeconds(10)); // the operational alert; drained for the other test
  }

  private static List<String> ruleIds(JsonNode result) {
    return java.util.stream.StreamSupport.stream(result.get("findings").spliterator(), false)
        .map(f -> f.get("ruleId").asText())
        .collect(Collectors.toList());
  }
}
