package dev.ecsguardrail.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The sweep reads DescribeServices through {@link SdkJson}; it must read exactly what the event
 * path reads from a CreateService response with the same content.
 */
class SdkJsonTest {

  /** Fills SDK builders the way its setters are named, like the SDK's own unmarshalling. */
  private static final ObjectMapper BUILDERS =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static Stream<Path> responses() throws IOException {
    return Files.list(Path.of("..", "events"))
        .filter(p -> p.toString().endsWith(".json"))
        .filter(p -> !p.getFileName().toString().startsWith("malformed")) // not an API's answer
        .filter(p -> response(p) != null)
        .sorted();
  }

  @ParameterizedTest
  @MethodSource("responses")
  void aDescribedService_readsAsTheSameServiceInAnEvent(Path event) throws IOException {
    ObjectNode service = response(event);
    // CloudTrail's timestamps are not the API's ("Nov 23, 2026, 2:02:09 PM"); the readers skip
    // them.
    service.findParents("createdAt").forEach(p -> ((ObjectNode) p).remove("createdAt"));
    service.findParents("updatedAt").forEach(p -> ((ObjectNode) p).remove("updatedAt"));
    Service described =
        ((Service.Builder) BUILDERS.treeToValue(service, Service.serializableBuilderClass()))
            .build();

    ServiceConfig fromSweep = ServiceConfigReader.fromResponse(SdkJson.tree(described), "sweep");
    ServiceConfig fromEvent = ServiceConfigReader.fromResponse(service, "event");

    assertEquals(fromEvent, fromSweep);
  }

  @Test
  void membersTheServiceDidNotSend_areLeftOut() {
    Service described =
        Service.builder()
            .serviceName("payments")
            .desiredCount(3)
            .enableExecuteCommand(false)
            .launchType("FARGATE")
            .build();

    JsonNode tree = SdkJson.tree(described);

    assertEquals("payments", tree.get("serviceName").asText());
    assertEquals(3, tree.get("desiredCount").intValue());
    assertTrue(tree.get("enableExecuteCommand").isBoolean());
    assertEquals("FARGATE", tree.get("launchType").asText());
    assertFalse(tree.has("deployments"), "an unset list is absent, not []: " + tree);
    assertFalse(tree.has("tags"), "no tags sent is not 'no tags': " + tree);
  }

  private static ObjectNode response(Path event) {
    try {
      JsonNode root = StrictJson.parse(Files.readAllBytes(event), event.toString());
      JsonNode service = root.at("/detail/responseElements/service");
      return service.isObject() ? (ObjectNode) service : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
