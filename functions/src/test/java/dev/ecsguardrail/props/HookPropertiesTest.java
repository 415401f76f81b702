package dev.ecsguardrail.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.HookCheck;
import dev.ecsguardrail.flow.HookGuard;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.props.Mutations.Mutated;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hook's guard on damaged requests (every sample in {@code events/hook}, mutated, with raw
 * damage now and then): always a response CloudFormation reads, never an exception; a request that
 * cannot be read is FAILED with InternalFailure and one clean line; what it alerted is what it
 * refused.
 */
class HookPropertiesTest {

  private static final List<TaskDefinitionView> TASK_DEFINITIONS =
      Mutations.samples("taskdefs", n -> true).entrySet().stream()
          .map(e -> TaskDefinitionReader.read(e.getValue(), e.getKey()))
          .toList();

  private static final Function<Random, Mutated> CASES =
      Mutations.of(Mutations.samples("hook", n -> true), true);

  private final List<Notification> sent = new ArrayList<>();

  private final HookGuard guard =
      new HookGuard(
          new HookCheck(RuleCatalog.SERVICE_RULES),
          new PolicyCache(Optional::empty, Clock.systemUTC()),
          new FileContextSource(TASK_DEFINITIONS),
          sent::add,
          Severity.HIGH,
          Duration.ofSeconds(5),
          "us-east-1",
          Clock.systemUTC());

  /** The response's shape, whatever the request. */
  private static void assertAnswer(JsonNode response, Object input) {
    String status = response.path("hookStatus").asText();
    assertTrue(Set.of("SUCCESS", "FAILED").contains(status), () -> input + ": " + response);
    assertEquals(status.equals("FAILED"), response.has("errorCode"), () -> input + ": " + response);
    if (response.has("errorCode")) {
      assertTrue(
          Set.of("NonCompliant", "InternalFailure").contains(response.get("errorCode").asText()),
          response::toString);
    }
    String message = response.path("message").asText();
    assertFalse(message.isBlank(), response::toString);
    assertTrue(message.length() <= 4096, () -> input + ": " + message.length());
    assertTrue(message.chars().noneMatch(Character::isISOControl), () -> input + ": " + message);
    assertTrue(response.path("clientRequestToken").isTextual(), response::toString);
  }

  @Test
  void damagedRequests_alwaysGetAnAnswer_unreadableOnesInternalFailure() {
    Cases.check(
        "damagedRequests_alwaysGetAnAnswer_unreadableOnesInternalFailure",
        400,
        CASES,
        request -> {
          sent.clear();
          JsonNode response = guard.handle(request.bytes());

          assertAnswer(response, request);
          boolean failed = response.path("hookStatus").asText().equals("FAILED");
          assertEquals(failed ? 1 : 0, sent.size(), () -> request + ": alerted " + sent.size());
          Cases.count("answer", response.path("errorCode").asText("SUCCESS"));
        });
  }

  @Test
  void namedDamage_isInternalFailure_withOneClearLine() {
    ObjectNode base =
        (ObjectNode)
            Mutations.samples("hook", n -> true).get("create-service-no-app-protocol.json");
    List<ObjectNode> damaged = new ArrayList<>();
    damaged.add(base.deepCopy().without("requestData"));
    ObjectNode wrongName = base.deepCopy();
    ((ObjectNode) wrongName.get("requestData")).put("targetName", 42);
    damaged.add(wrongName);
    ObjectNode empty = base.deepCopy();
    ((ObjectNode) empty.at("/requestData/targetModel")).putObject("resourceProperties");
    damaged.add(empty);
    ObjectNode wrongTypes = base.deepCopy();
    ((ObjectNode) wrongTypes.at("/requestData/targetModel/resourceProperties"))
        .put("DesiredCount", "many\u001b[31m");
    damaged.add(wrongTypes);
    ObjectNode huge = base.deepCopy();
    ArrayNode tags =
        ((ObjectNode) huge.at("/requestData/targetModel/resourceProperties")).putArray("Tags");
    for (int i = 0; i < 20_000; i++) {
      tags.addObject().put("Key", "k" + i).put("Value", "v".repeat(40));
    }
    damaged.add(huge);

    for (ObjectNode request : damaged) {
      byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
      JsonNode response = guard.handle(bytes);

      assertAnswer(response, response);
      assertEquals("InternalFailure", response.path("errorCode").asText(), response.toString());
    }
    assertTrue(
        guard
            .handle(damaged.getLast().toString().getBytes(StandardCharsets.UTF_8))
            .path("message")
            .asText()
            .contains("more than a CloudFormation resource can hold"));
    assertTrue(
        guard
            .handle(damaged.get(3).toString().getBytes(StandardCharsets.UTF_8))
            .path("message")
            .asText()
            .contains("desiredCount"));
  }

  /**
   * CREATE_PRE_PROVISION is a create whatever previousResourceProperties holds: the hooks guide
   * says it is empty on create, cloudformation-cli's contract tests leave it out, and the
   * change-set section says primitives arrive as strings. A compliant create must never be refused.
   */
  @Test
  void compliantCreates_answerSuccess_whateverThePreviousPropertiesAndPrimitives() {
    int compliant = 0;
    for (Map.Entry<String, JsonNode> sample : Mutations.samples("hook", n -> true).entrySet()) {
      JsonNode request = sample.getValue();
      if (!"CREATE_PRE_PROVISION".equals(request.path("actionInvocationPoint").asText())
          || !"SUCCESS".equals(answer(request).path("hookStatus").asText())) {
        continue;
      }
      compliant++;
      for (boolean strings : new boolean[] {false, true}) {
        for (JsonNode previous :
            List.of(
                NullNode.getInstance(),
                JsonNodeFactory.instance.objectNode(),
                TextNode.valueOf(""))) {
          ObjectNode variant = request.deepCopy();
          ObjectNode model = (ObjectNode) variant.at("/requestData/targetModel");
          if (previous.isTextual()) {
            model.remove("previousResourceProperties"); // left out, as the contract tests do
          } else {
            model.set("previousResourceProperties", previous);
          }
          if (strings) {
            model.set("resourceProperties", primitivesAsStrings(model.get("resourceProperties")));
          }
          JsonNode response = answer(variant);
          assertEquals(
              "SUCCESS",
              response.path("hookStatus").asText(),
              () -> sample.getKey() + " with " + model + ": " + response);
        }
      }
    }
    assertTrue(compliant >= 2, "compliant create samples: " + compliant);
  }

  private JsonNode answer(JsonNode request) {
    return guard.handle(request.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode primitivesAsStrings(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), primitivesAsStrings(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(e -> copy.add(primitivesAsStrings(e)));
      return copy;
    }
    return node.isNumber() || node.isBoolean() ? TextNode.valueOf(node.asText()) : node;
  }
}
