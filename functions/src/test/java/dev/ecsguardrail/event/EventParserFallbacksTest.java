package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceAspect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Where the parser looks when a field is in two places or missing, and what it then says. */
class EventParserFallbacksTest {

  private static final Path EVENTS = Path.of("..", "events");

  /** A sample event with its envelope changed by {@code edit}, parsed. */
  private static ParsedEvent parseEdited(String file, Consumer<ObjectNode> edit) {
    try {
      ObjectNode envelope =
          (ObjectNode) StrictJson.MAPPER.readTree(Files.readAllBytes(EVENTS.resolve(file)));
      edit.accept(envelope);
      return EventParser.parse(StrictJson.MAPPER.writeValueAsBytes(envelope));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode detail(ObjectNode envelope) {
    return (ObjectNode) envelope.get("detail");
  }

  @Test
  void accountAndRegion_comeFromTheEnvelope_beforeTheCloudTrailRecord() {
    ServiceChange change =
        assertInstanceOf(
            ServiceChange.class,
            parseEdited(
                "create-service-sc-http-clean.json",
                e -> {
                  e.put("account", "111111111111").put("region", "eu-west-1");
                  detail(e).put("recipientAccountId", "222222222222").put("awsRegion", "us-east-1");
                }));

    assertEquals("111111111111", change.account());
    assertEquals("eu-west-1", change.region());
  }

  @Test
  void accountAndRegion_missingFromTheEnvelope_comeFromTheCloudTrailRecord() {
    ServiceChange change =
        assertInstanceOf(
            ServiceChange.class,
            parseEdited(
                "create-service-sc-http-clean.json",
                e -> {
                  e.remove("account");
                  e.remove("region");
                  detail(e)
                      .put("recipientAccountId", "222222222222")
                      .put("awsRegion", "ap-south-1");
                }));

    assertEquals("222222222222", change.account());
    assertEquals("ap-south-1", change.region());
  }

  @Test
  void omittedInsideAnArray_namesTheElementsIndex() {
    Unevaluable u =
        assertInstanceOf(
            Unevaluable.class,
            parseEdited(
                "create-service-sc-http-clean.json",
                e -> {
                  ArrayNode services =
                      ((ObjectNode)
                              detail(e).get("requestParameters").get("serviceConnectConfiguration"))
                          .putArray("services");
                  services.addObject().put("portName", "http");
                  services.addObject().put("portName", "grpc");
                  services.addObject().put("omitted", true);
                }));

    assertEquals(
        "CloudTrail omitted detail.requestParameters.serviceConnectConfiguration.services[2]"
            + " (over its size limit): cannot be evaluated",
        u.reason());
  }

  /** Found by mutation testing: this event used to pass as an update that changed nothing. */
  @Test
  void successfulUpdateService_withoutRequestParameters_isUnevaluable() {
    Unevaluable u =
        assertInstanceOf(
            Unevaluable.class,
            parseEdited(
                "update-service-task-definition.json", e -> detail(e).remove("requestParameters")));

    assertEquals("0c9d8e7f-1a2b-4c3d-9e8f-000000000010", u.eventId());
    assertTrue(u.reason().contains("detail.requestParameters is missing"), u.reason());
  }

  @Test
  void successfulCreateService_withoutRequestParameters_isEvaluatedFromTheResponse() {
    ServiceChange change =
        assertInstanceOf(
            ServiceChange.class,
            parseEdited(
                "create-service-sc-http-clean.json", e -> detail(e).remove("requestParameters")));

    assertNull(change.requested());
    assertEquals("catalog", change.evaluated().serviceName());
    assertEquals(EnumSet.allOf(ServiceAspect.class), change.changed());
  }
}
