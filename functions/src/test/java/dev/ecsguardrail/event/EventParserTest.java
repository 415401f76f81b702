package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceAspect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {

  /** The module's working directory is functions/. */
  static final Path EVENTS = Path.of("..", "events");

  private static final String CLEAN = "create-service-sc-http-clean.json";
  private static final String CLEAN_EVENT_ID = "0c9d8e7f-1a2b-4c3d-9e8f-000000000002";

  static byte[] read(String file) {
    try {
      return Files.readAllBytes(EVENTS.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParsedEvent parse(String file) {
    return EventParser.parse(read(file));
  }

  /** Every sample that parses to a call: rejected by ECS?, the evaluated service, its source. */
  private static final String SERVICE_CHANGES =
      """
      create-service-access-denied.json             | true  |             |
      create-service-app-mesh.json                  | false | legacy      | response
      create-service-cloud-map-scaled.json          | false | ingest      | response
      create-service-codedeploy-rejected.json       | true  | catalog-bg  | request
      create-service-host-network.json              | false | node-agent  | response
      create-service-namespace-other-region.json    | false | catalog-eu  | response
      create-service-no-service-connect.json        | false | catalog-batch | response
      create-service-port-name-mismatch.json        | false | search      | response
      create-service-sc-access-logs-query.json      | false | catalog     | response
      create-service-sc-access-logs-rejected.json   | true  | catalog     | request
      create-service-sc-grpc-no-headroom.json       | false | orders      | response
      create-service-sc-http-clean.json             | false | catalog     | response
      create-service-sc-linear.json                 | false | catalog     | response
      create-service-sc-no-app-protocol.json        | false | payments    | response
      create-service-sc-tls.json                    | false | catalog-tls | response
      create-service-windows-rejected.json          | true  | win-api     | request
      update-service-codedeploy-rejected.json       | true  | catalog     | request
      update-service-desired-count-only.json        | false | catalog     | response
      update-service-enable-sc-no-app-protocol.json | false | payments    | response
      update-service-force-new-deployment.json      | false | catalog     | response
      update-service-task-definition.json           | false | orders      | response
      """;

  /** Every sample that cannot be evaluated: its event id and a part of the reason. */
  private static final String UNEVALUABLE =
      """
      malformed-no-detail.json   | 6f1e2d3c-4b5a-4978-8c6d-000000000014 | $.detail is missing
      malformed-wrong-types.json | 0c9d8e7f-1a2b-4c3d-9e8f-000000000015 | detail.requestParameters.serviceConnectConfiguration should be an object, got a string
      truncated-response.json    | 0c9d8e7f-1a2b-4c3d-9e8f-000000000013 | CloudTrail omitted detail.responseElements
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = SERVICE_CHANGES)
  void sampleServiceChange(String file, boolean rejected, String serviceName, String source) {
    ServiceChange change = assertInstanceOf(ServiceChange.class, parse(file));

    assertEquals(rejected, change.rejectedByEcs());
    if (serviceName == null) {
      assertNull(change.evaluated(), "AccessDenied: CloudTrail recorded no request");
      return;
    }
    assertEquals(serviceName, change.evaluated().serviceName());
    if (source.equals("request")) {
      assertNull(change.result());
      assertEquals(change.requested(), change.evaluated());
    } else {
      assertEquals(change.result(), change.evaluated());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = UNEVALUABLE)
  void sampleUnevaluable(String file, String eventId, String reasonPart) {
    Unevaluable u = assertInstanceOf(Unevaluable.class, parse(file));

    assertEquals(eventId, u.eventId());
    assertTrue(u.reason().contains(reasonPart), u.reason());
  }

  @Test
  void everySampleEventIsInATable() throws IOException {
    Set<String> inTables =
        Stream.concat(SERVICE_CHANGES.lines(), UNEVALUABLE.lines())
            .map(line -> line.split("\\|")[0].strip())
            .collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> files = Files.list(EVENTS)) {
      Set<String> samples =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(samples, inTables);
    }
  }

  @Test
  void failedCall_evaluatesTheRequest() {
    ServiceChange change = (ServiceChange) parse("create-service-codedeploy-rejected.json");

    assertEquals("InvalidParameterException", change.errorCode());
    assertTrue(change.errorMessage().contains("CODE_DEPLOY is not supported"));
    assertEquals("CODE_DEPLOY", change.evaluated().controllerType());
    assertTrue(change.evaluated().serviceConnectEnabled());
    assertEquals("catalog-http:1", change.evaluated().taskDefinition());
  }

  @Test
  void successfulCall_readsServiceConnectFromThePrimaryDeployment() {
    ServiceChange change = (ServiceChange) parse("update-service-desired-count-only.json");

    assertTrue(change.evaluated().serviceConnectEnabled());
    assertEquals("http", change.evaluated().serviceConnect().services().getFirst().portName());
    assertEquals(8, change.evaluated().desiredCount());
    assertEquals("prod/catalog", change.evaluated().resource());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          update-service-desired-count-only.json        | DESIRED_COUNT
          update-service-enable-sc-no-app-protocol.json | SERVICE_CONNECT
          update-service-task-definition.json           | TASK_DEFINITION
          update-service-force-new-deployment.json      | TASK_DEFINITION
          update-service-codedeploy-rejected.json       | SERVICE_CONNECT, DEPLOYMENT_CONTROLLER
          """)
  void updateService_changesOnlyWhatWasSent(String file, String aspects) {
    Set<ServiceAspect> expected =
        Stream.of(aspects.split(","))
            .map(a -> ServiceAspect.valueOf(a.strip()))
            .collect(Collectors.toSet());

    assertEquals(expected, ((ServiceChange) parse(file)).changed());
  }

  @Test
  void createService_changesEveryAspect() {
    assertEquals(EnumSet.allOf(ServiceAspect.class), ((ServiceChange) parse(CLEAN)).changed());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          create-service-sc-grpc-no-headroom.json | Terraform
          create-service-sc-http-clean.json       | CloudFormation
          update-service-desired-count-only.json  | console
          create-service-access-denied.json       | AWS CLI
          """)
  void callerTool_fromTheUserAgent(String file, String tool) {
    assertEquals(tool, ((ServiceChange) parse(file)).caller().tool());
  }

  @Test
  void caller_isTheIdentityArn() {
    assertEquals(
        "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci",
        ((ServiceChange) parse(CLEAN)).caller().principal());
  }

  @Test
  void eventTime_comesFromDetailNotTheEnvelope() {
    ServiceChange change = (ServiceChange) parse(CLEAN);

    assertEquals(Instant.parse("2026-11-23T14:02:09Z"), change.eventTime());
    assertEquals("123456789012", change.account());
    assertEquals("us-east-1", change.region());
    assertEquals(CLEAN_EVENT_ID, change.eventId());
  }

  /** The clean sample with its {@code detail} changed by {@code edit}. */
  private static byte[] cleanWith(Consumer<ObjectNode> edit) {
    try {
      ObjectNode envelope = (ObjectNode) StrictJson.MAPPER.readTree(read(CLEAN));
      edit.accept((ObjectNode) envelope.get("detail"));
      return StrictJson.MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode request(ObjectNode detail) {
    return (ObjectNode) detail.get("requestParameters");
  }

  private static ObjectNode omitted() {
    return StrictJson.MAPPER.createObjectNode().put("omitted", true);
  }

  static Stream<Arguments> damaged() {
    return Stream.of(
        Arguments.of(
            "request truncated below the top",
            cleanWith(d -> request(d).set("serviceConnectConfiguration", omitted())),
            CLEAN_EVENT_ID,
            "CloudTrail omitted detail.requestParameters.serviceConnectConfiguration"),
        Arguments.of(
            "truncated inside an array",
            cleanWith(
                d ->
                    ((ObjectNode) request(d).get("serviceConnectConfiguration"))
                        .putArray("services")
                        .add(omitted())),
            CLEAN_EVENT_ID,
            "CloudTrail omitted detail.requestParameters.serviceConnectConfiguration.services[0]"),
        Arguments.of(
            "serviceConnectConfiguration as a string",
            cleanWith(d -> request(d).put("serviceConnectConfiguration", "enabled")),
            CLEAN_EVENT_ID,
            "detail.requestParameters.serviceConnectConfiguration should be an object, got a"
                + " string"),
        Arguments.of(
            "desiredCount as a string",
            cleanWith(d -> request(d).put("desiredCount", "4")),
            CLEAN_EVENT_ID,
            "detail.requestParameters.desiredCount should be an integer, got a string"),
        Arguments.of(
            "enabled missing",
            cleanWith(
                d ->
                    ((ObjectNode) request(d).get("serviceConnectConfiguration")).remove("enabled")),
            CLEAN_EVENT_ID,
            "detail.requestParameters.serviceConnectConfiguration.enabled is missing"),
        Arguments.of(
            "invalid eventTime",
            cleanWith(d -> d.put("eventTime", "yesterday")),
            CLEAN_EVENT_ID,
            "detail.eventTime 'yesterday' is not an ISO-8601 instant"),
        Arguments.of(
            "unsupported call",
            cleanWith(d -> d.put("eventName", "DeleteService")),
            CLEAN_EVENT_ID,
            "unsupported ECS call 'DeleteService'"),
        Arguments.of(
            "not ECS",
            cleanWith(d -> d.put("eventSource", "s3.amazonaws.com")),
            CLEAN_EVENT_ID,
            "not an ECS CloudTrail API call"),
        Arguments.of(
            "successful call without a response",
            cleanWith(d -> d.remove("responseElements")),
            CLEAN_EVENT_ID,
            "detail.responseElements.service is missing for a successful CreateService"),
        Arguments.of(
            "serviceName missing",
            cleanWith(d -> request(d).remove("serviceName")),
            CLEAN_EVENT_ID,
            "detail.requestParameters.serviceName is missing"),
        Arguments.of(
            "not JSON",
            "{\"id\": \"x\",".getBytes(StandardCharsets.UTF_8),
            "unknown",
            "the event is not JSON"),
        Arguments.of(
            "trailing tokens", "{} {}".getBytes(StandardCharsets.UTF_8), "unknown", "not JSON"),
        Arguments.of("empty", new byte[0], "unknown", "the event is empty"),
        Arguments.of(
            "JSON array",
            "[{\"id\": \"x\"}]".getBytes(StandardCharsets.UTF_8),
            "unknown",
            "should be a JSON object"),
        Arguments.of(
            "detail as a string",
            """
            {"id": "env-1", "detail-type": "AWS API Call via CloudTrail", "detail": "x"}
            """
                .getBytes(StandardCharsets.UTF_8),
            "env-1",
            "$.detail should be an object, got a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damaged")
  void damagedEvent_isUnevaluableNamingThePath(
      String scenario, byte[] event, String eventId, String reasonPart) {
    Unevaluable u = assertInstanceOf(Unevaluable.class, EventParser.parse(event));

    assertEquals(eventId, u.eventId());
    assertTrue(u.reason().contains(reasonPart), () -> "reason: " + u.reason());
  }

  @Test
  void omittedFalse_isNotTruncation() {
    ParsedEvent event =
        EventParser.parse(
            cleanWith(
                d ->
                    request(d)
                        .set("tags", StrictJson.MAPPER.createObjectNode().put("omitted", false))));

    assertFalse(event instanceof Unevaluable, event::toString);
  }

  @Test
  void unknownFields_areTolerated() {
    ParsedEvent event =
        EventParser.parse(
            cleanWith(
                d ->
                    ((ObjectNode) request(d).get("serviceConnectConfiguration"))
                        .putArray("containerConfigurations")
                        .addObject()
                        .put("logLevel", "debug")));

    assertInstanceOf(ServiceChange.class, event);
  }
}
