package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Outcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The alert path against the emulator: SNS delivery to raw and non-raw SQS subscribers, filter
 * policies on the attributes, exactly-once on redelivery (DynamoDB), enforcement on a service that
 * exists in the emulator, and SNS out of reach. Each test seeds its own fleet and ledger table.
 */
class AlertsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Path NO_APP_PROTOCOL =
      Project.EVENTS.resolve("create-service-sc-no-app-protocol.json");

  private static AwsClients clients(CallCounter calls) {
    return AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls));
  }

  @Test
  void everySampleReplayedTwice_isPublishedOnce_andRoutedByFilterPolicy() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      String onCall = fleet.subscribeQueue("on-call", true, "{\"severity\":[\"HIGH\"]}");
      String sc002 = fleet.subscribeQueue("sc002", true, "{\"ruleIds\":[\"SC002\"]}");
      CallCounter calls = new CallCounter();
      ServiceChangeGuard guard = fleet.guard(clients(calls), false);

      List<Decision> decisions = new ArrayList<>();
      int duplicates = 0;
      for (int round = 0; round < 2; round++) {
        for (Path event : Project.events()) {
          ServiceChangeGuard.Result result = guard.handle(fleet.localize(event));
          if (result.duplicate()) {
            duplicates++;
          } else {
            decisions.add(result.decision());
          }
        }
      }

      int events = Project.events().size();
      long notifying = decisions.stream().filter(Decision::worthNotifying).count();
      long publishes = calls.operations().stream().filter(op -> op.endsWith(":Publish")).count();
      System.out.printf(
          "MEASURE replay_twice events=%d deliveries=%d duplicates=%d sns_publishes=%d%n",
          events, 2 * events, duplicates, publishes);
      assertEquals(events, decisions.size(), "the first round decides every event");
      assertEquals(events, duplicates, "the second round is all duplicates");
      assertEquals(notifying, publishes, "one publish per event worth notifying, replays none");
      assertEquals(notifying, fleet.delivered((int) notifying, PATIENCE).size());

      long high = decisions.stream().filter(d -> severity(d).equals("HIGH")).count();
      List<Message> highMessages = fleet.received(onCall, (int) high, PATIENCE);
      assertEquals(high, highMessages.size(), "the on-call queue gets the HIGH ones only");
      for (Message m : highMessages) {
        assertEquals("HIGH", m.messageAttributes().get("severity").stringValue());
      }
      long withSc002 =
          decisions.stream()
              .filter(d -> d.alerted().stream().anyMatch(v -> v.finding().ruleId().equals("SC002")))
              .count();
      assertTrue(withSc002 > 0);
      assertEquals(
          withSc002,
          fleet.received(sc002, (int) withSc002, PATIENCE).size(),
          "a String.Array filter matches one rule id among several");
    }
  }

  private static String severity(Decision d) {
    return d.alerted().stream()
        .map(v -> v.finding().severity())
        .max(Enum::compareTo)
        .map(Enum::name)
        .orElse("NONE");
  }

  @Test
  void deliveredMessage_rawAndEnvelope_carryTheDecisionAndTheAttributes() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      String raw = fleet.subscribeQueue("raw", true, null);
      fleet.guard(clients(new CallCounter()), false).handle(fleet.localize(NO_APP_PROTOCOL));

      JsonNode envelope = fleet.delivered(1, PATIENCE).getFirst();
      assertTrue(envelope.get("Subject").asText().startsWith("[HIGH] ecs-guardrail SC002 on "));
      JsonNode attributes = envelope.get("MessageAttributes");
      for (String name : List.of("kind", "severity", "account", "region", "cluster", "service")) {
        assertTrue(attributes.has(name), "attribute " + name + " in " + attributes);
      }
      assertEquals("service-change", attributes.at("/kind/Value").asText());
      assertEquals("String.Array", attributes.at("/ruleIds/Type").asText());
      JsonNode decision = json(envelope.get("Message").asText());
      assertEquals("SC002", decision.at("/findings/0/ruleId").asText());
      assertEquals("reported", decision.at("/findings/0/verdict").asText());

      Message rawMessage = fleet.received(raw, 1, PATIENCE).getFirst();
      assertEquals(decision, json(rawMessage.body()), "raw delivery: the SQS body alone");
      assertEquals("HIGH", rawMessage.messageAttributes().get("severity").stringValue());
    }
  }

  @Test
  void enforce_stopsAndTagsTheService_once_andNeverAnExemptOne() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.putPolicy("{\"rules\":{\"SC002\":\"enforce\"}}");
      String arn = fleet.createService("prod", "payments", "payments-tcp", 3);
      CallCounter calls = new CallCounter();
      ServiceChangeGuard guard = fleet.guard(clients(calls), true);
      byte[] event = fleet.pointAtService(fleet.localize(NO_APP_PROTOCOL), arn);

      Decision decision = guard.handle(event).decision();
      ServiceChangeGuard.Result replay = guard.handle(event);

      assertEquals(Outcome.ENFORCED, decision.verdicts().getFirst().outcome());
      assertEquals(0, fleet.service("prod", "payments").desiredCount());
      assertEquals("SC002", fleet.tags(arn).get("ecs-guardrail:blocked"));
      assertTrue(replay.duplicate());
      assertEquals(
          1,
          calls.operations().stream().filter(op -> op.endsWith(":UpdateService")).count(),
          "blocked once");
      JsonNode sent = json(fleet.delivered(1, PATIENCE).getFirst().get("Message").asText());
      assertEquals("enforced", sent.at("/findings/0/verdict").asText());
      assertTrue(sent.at("/block/result").asText().contains("(it was 3)"), sent.toString());
      assertTrue(sent.at("/block/undo/0").asText().endsWith("--desired-count 3"));
      System.out.printf(
          "MEASURE enforce service=%s desired_count=3->%d tags=%s%n",
          arn, fleet.service("prod", "payments").desiredCount(), fleet.tags(arn));

      String exemptArn = fleet.createService("prod", "ledger", "payments-tcp", 2);
      fleet.tag(exemptArn, "ecs-guardrail:exempt", "SC002");
      Decision exempt =
          guard
              .handle(
                  Fleet.withEventId(
                      fleet.pointAtService(fleet.localize(NO_APP_PROTOCOL), exemptArn), "exempt-1"))
              .decision();
      assertEquals(Outcome.EXEMPT, exempt.verdicts().getFirst().outcome());
      assertEquals(2, fleet.service("prod", "ledger").desiredCount());
      assertFalse(fleet.tags(exemptArn).containsKey("ecs-guardrail:blocked"));
      assertEquals(0, fleet.delivered(0, Duration.ofSeconds(2)).size(), "exempt: no alert");
    }
  }

  @Test
  void snsOutOfReach_failsTheEvent_andItsRetryIsNotifiedExactlyOnce() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      AwsClients clients = clients(new CallCounter());
      URI closed = URI.create("http://127.0.0.1:" + Emulator.freePort());
      ServiceChangeGuard unreachable =
          fleet.guard(clients, AwsClients.create(Emulator.REGION, closed, List.of()).sns(), false);
      byte[] event = fleet.localize(NO_APP_PROTOCOL);

      NotificationFailedException e =
          assertThrows(NotificationFailedException.class, () -> unreachable.handle(event));
      assertTrue(e.getMessage().contains(fleet.topicArn), e.getMessage());

      // Lambda retries the failed event: the ledger gave it back, so it is handled, once.
      ServiceChangeGuard.Result retry = fleet.guard(clients, false).handle(event);
      assertFalse(retry.duplicate());
      assertEquals(1, fleet.delivered(1, PATIENCE).size());
      assertTrue(fleet.guard(clients, false).handle(event).duplicate());
    }
  }

  @Test
  void badPolicyDocument_isAnOperationalAlert_andTheDefaultsApply() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.putPolicy("{\"rules\":{\"SC002\":\"block-it\"}}");

      Decision decision =
          fleet
              .guard(clients(new CallCounter()), true)
              .handle(fleet.localize(NO_APP_PROTOCOL))
              .decision();

      assertEquals(Outcome.REPORTED, decision.verdicts().getFirst().outcome());
      List<JsonNode> delivered = fleet.delivered(2, PATIENCE);
      assertEquals(
          List.of("operational", "service-change"),
          delivered.stream()
              .map(m -> m.at("/MessageAttributes/kind/Value").asText())
              .sorted()
              .toList());
    }
  }

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(), "message");
  }
}
