package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.FunctionEnvironments.defaultCredentials;
import static dev.ecsguardrail.it.FunctionEnvironments.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CloudFormation hook function as Lambda runs it: the shaded jar under the runtime interface
 * emulator, with template.yaml's environment, against moto, on every request in {@code
 * events/hook/}. The task definitions they name by ARN are registered in moto and read through the
 * ECS API. Each answer is the one the sample's golden snapshot says (exit 0 SUCCESS, 1
 * NonCompliant, 2 InternalFailure: {@code check --event} on the same file, offline), and every
 * FAILED answer is alerted once, kind {@code hook}.
 */
@ExtendWith(EmptyEmulator.class)
class HookLambdaIT {

  private static final Path SAMPLES = Project.EVENTS.resolve("hook");
  private static final Path SNAPSHOTS = Project.ROOT.resolve("tests/snapshots/hook");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private static final Map<Integer, String> ANSWER_OF_EXIT =
      Map.of(0, "SUCCESS", 1, "NonCompliant", 2, "InternalFailure");

  @Test
  void everyHookSample_asALambda_answersWhatItsSnapshotSays_andFailuresAreAlerted()
      throws Exception {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        LambdaRuntime lambda =
            new LambdaRuntime(
                Function.HOOK.handler, environment(Function.HOOK, fleet, defaultCredentials()))) {
      List<String> answers = new ArrayList<>();
      int failed = 0;
      for (Path sample : samples()) {
        String request =
            Files.readString(sample)
                .replace(
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/payments-tcp:3",
                    fleet.taskDefinitionArn("payments-tcp"))
                .replace(
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/catalog-http:7",
                    fleet.taskDefinitionArn("catalog-http"));
        JsonNode snapshot =
            StrictJson.parse(
                Files.readAllBytes(SNAPSHOTS.resolve(sample.getFileName())), "snapshot");

        JsonNode response =
            StrictJson.parse(
                lambda.invoke(request.getBytes(StandardCharsets.UTF_8)).getBytes(), "response");

        String expected = ANSWER_OF_EXIT.get(snapshot.get("exitCode").asInt());
        String answer = response.path("errorCode").asText(response.path("hookStatus").asText());
        answers.add(sample.getFileName() + "=" + answer);
        assertEquals(expected, answer, sample + ": " + response.toPrettyString());
        assertEquals(
            StrictJson.parse(request.getBytes(StandardCharsets.UTF_8), "request")
                .path("clientRequestToken")
                .asText(snapshot.at("/output/eventId").asText()),
            response.path("clientRequestToken").asText(),
            "the token is echoed (either spelling)");
        assertTrue(response.path("message").asText().length() <= 4096);
        if (response.path("hookStatus").asText().equals("FAILED")) {
          failed++;
        }
      }
      List<JsonNode> delivered = fleet.delivered(failed, PATIENCE);
      assertEquals(failed, delivered.size(), answers + " " + delivered);
      for (JsonNode alert : delivered) {
        assertEquals("hook", alert.at("/MessageAttributes/kind/Value").asText(), alert.toString());
      }
      assertTrue(lambda.log().contains("\"hook answered\""), "each answer is logged");
      assertTrue(lambda.log().contains("\"HookRequests\""), "EMF: requests are counted");
    }
  }

  private static List<Path> samples() {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
