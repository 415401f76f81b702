package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.json.StrictJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * End to end: the shaded jar under the Lambda Runtime Interface Emulator, fed every {@code events/}
 * file over the invoke API, reading context from and publishing to the emulator, with the
 * environment template.yaml gives the function ({@link FunctionEnvironments}).
 */
class ServiceChangeLambdaIT {

  @Test
  void shadedJar_asALambda_answersEverySampleEvent_andPublishes() throws Exception {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        LambdaRuntime lambda =
            new LambdaRuntime(Function.SERVICE_CHANGE.handler, environment(fleet))) {
      int notifying = 0;
      for (Path event : Project.events()) {
        JsonNode result =
            StrictJson.parse(lambda.invoke(fleet.localize(event)).getBytes(), event.toString());
        List<String> ruleIds =
            StreamSupport.stream(result.path("findings").spliterator(), false)
                .map(f -> f.get("ruleId").asText())
                .toList();
        assertEquals(Expected.ruleIds(event), ruleIds, event.getFileName() + ": " + result);
        if (!ruleIds.isEmpty() || !result.get("evaluable").asBoolean()) {
          notifying++;
        }
        JsonNode again =
            StrictJson.parse(lambda.invoke(fleet.localize(event)).getBytes(), event.toString());
        assertTrue(again.path("duplicate").asBoolean(), "a redelivery is a duplicate: " + again);
      }
      assertTrue(lambda.initDurationMs() > 0, "the emulator reports an Init Duration");
      assertTrue(lambda.log().contains("\"correlation_id\""), "Powertools logs the event id");
      assertTrue(lambda.log().contains("\"Findings\""), "EMF metrics are flushed");
      assertEquals(notifying, fleet.delivered(notifying, Duration.ofSeconds(30)).size());
      System.out.printf(
          "MEASURE lambda init_ms=%.1f durations_ms=%s%n",
          lambda.initDurationMs(), lambda.durationsMs());
    }
  }

  @Test
  void snsRefusing_failsTheInvocation_soLambdaRetriesAndDeadLetters() throws Exception {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Map<String, String> env = environment(fleet);
      env.put("TOPIC_ARN", fleet.topicArn + "-deleted");
      try (LambdaRuntime lambda = new LambdaRuntime(Function.SERVICE_CHANGE.handler, env)) {
        JsonNode error =
            StrictJson.parse(
                lambda
                    .invoke(
                        fleet.localize(
                            Project.EVENTS.resolve("create-service-sc-no-app-protocol.json")))
                    .getBytes(),
                "error");
        assertEquals(
            "dev.ecsguardrail.notify.NotificationFailedException",
            error.path("errorType").asText(),
            error.toString());
        assertTrue(lambda.log().contains("\"NotificationFailures\""), "the failure is counted");
      }
    }
  }

  /** The function's environment, in this JVM's account (the handler reads it from the event). */
  private static Map<String, String> environment(Fleet fleet) {
    return FunctionEnvironments.environment(
        Function.SERVICE_CHANGE, fleet, FunctionEnvironments.defaultCredentials());
  }
}
