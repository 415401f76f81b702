package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Caller;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterDeletionParserTest {

  private static final String LEFT = "cluster/delete-cluster-left-namespace.json";
  private static final String NO_NAMESPACE = "cluster/delete-cluster-no-namespace.json";
  private static final String FAILED = "cluster/delete-cluster-failed.json";
  private static final String LEFT_EVENT_ID = "0c9d8e7f-1a2b-4c3d-9e8f-000000000101";
  private static final String LEGACY_NS =
      "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-legacy0000000001";

  private static ObjectNode sample(String file) {
    return (ObjectNode) StrictJson.parse(EventParserTest.read(file), file);
  }

  /** The left-namespace sample with one change. */
  private static ObjectNode left(Consumer<ObjectNode> change) {
    ObjectNode envelope = sample(LEFT);
    change.accept(envelope);
    return envelope;
  }

  private static ObjectNode detail(ObjectNode envelope) {
    return (ObjectNode) envelope.get("detail");
  }

  private static ObjectNode cluster(ObjectNode envelope) {
    return (ObjectNode) envelope.at("/detail/responseElements/cluster");
  }

  // ---- the samples ----------------------------------------------------------------------------

  @Test
  void clusterThatLeftItsNamespace_readsTheNamespaceArn() {
    ClusterDeletion deletion = ClusterDeletionParser.parse(sample(LEFT));

    assertEquals(LEFT_EVENT_ID, deletion.eventId());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:cluster/legacy", deletion.clusterArn());
    assertEquals("legacy", deletion.clusterName());
    assertEquals(LEGACY_NS, deletion.namespace());
    assertEquals("123456789012", deletion.account());
    assertEquals("us-east-1", deletion.region());
    assertFalse(deletion.failed());
  }

  @Test
  void clusterWithoutServiceConnectDefaults_hasNoNamespace() {
    ClusterDeletion deletion = ClusterDeletionParser.parse(sample(NO_NAMESPACE));

    assertEquals("batch", deletion.clusterName());
    assertNull(deletion.namespace());
    assertFalse(deletion.failed());
  }

  @Test
  void failedCall_isFailedWithItsErrorCode_andNeedsNoCluster() {
    ClusterDeletion deletion = ClusterDeletionParser.parse(sample(FAILED));

    assertTrue(deletion.failed());
    assertEquals("ClusterContainsServicesException", deletion.errorCode());
    assertNull(deletion.clusterArn());
    assertNull(deletion.clusterName());
    assertNull(deletion.namespace());
  }

  @Test
  void caller_isThePrincipalAndTheTool() {
    assertEquals(
        new Caller("arn:aws:sts::123456789012:assumed-role/platform-admin/jane", "AWS CLI"),
        ClusterDeletionParser.parse(sample(LEFT)).caller());
  }

  @Test
  void eventTime_isDetailEventTime_notTheEnvelopeTime() {
    // The envelope's "time" is 09:15:04; CloudTrail's eventTime is 09:15:02.
    assertEquals(
        Instant.parse("2026-11-30T09:15:02Z"),
        ClusterDeletionParser.parse(sample(LEFT)).eventTime());
  }

  // ---- odd but accepted -----------------------------------------------------------------------

  @Test
  void blankNamespace_isNoNamespace() {
    ObjectNode envelope =
        left(e -> ((ObjectNode) cluster(e).get("serviceConnectDefaults")).put("namespace", "  "));

    assertNull(ClusterDeletionParser.parse(envelope).namespace());
  }

  @Test
  void clusterWithOnlyAnArn_takesItsNameFromTheArn() {
    ClusterDeletion deletion =
        ClusterDeletionParser.parse(left(e -> cluster(e).remove("clusterName")));

    assertEquals("legacy", deletion.clusterName());
  }

  // ---- malformed: the message names the event id and what is wrong ----------------------------

  static Stream<Arguments> malformed() {
    return Stream.of(
        // (case, damage, expected message fragment)
        Arguments.of("no detail", change(e -> e.remove("detail")), "$.detail is missing"),
        Arguments.of(
            "detail not an object",
            change(e -> e.put("detail", "DeleteCluster")),
            "$.detail should be an object, got a string"),
        Arguments.of(
            "success without responseElements",
            change(e -> detail(e).remove("responseElements")),
            "detail.responseElements is missing"),
        Arguments.of(
            "success with responseElements null",
            change(e -> detail(e).putNull("responseElements")),
            "detail.responseElements is missing"),
        Arguments.of(
            "cluster with neither name nor arn",
            change(e -> cluster(e).remove(java.util.List.of("clusterName", "clusterArn"))),
            "names no cluster"),
        Arguments.of(
            "clusterName a number",
            change(e -> cluster(e).put("clusterName", 7)),
            "detail.responseElements.cluster.clusterName should be a string, got a number"),
        Arguments.of(
            "serviceConnectDefaults a string",
            change(e -> cluster(e).put("serviceConnectDefaults", "ns-1")),
            "serviceConnectDefaults should be an object, got a string"),
        Arguments.of(
            "namespace an array",
            change(
                e ->
                    ((ObjectNode) cluster(e).get("serviceConnectDefaults"))
                        .putArray("namespace")
                        .add(LEGACY_NS)),
            "serviceConnectDefaults.namespace should be a string, got an array"),
        Arguments.of(
            "errorCode a boolean",
            change(e -> detail(e).put("errorCode", true)),
            "detail.errorCode should be a string, got a boolean"),
        Arguments.of(
            "eventTime not an instant",
            change(e -> detail(e).put("eventTime", "yesterday")),
            "detail.eventTime 'yesterday' is not an ISO-8601 instant"),
        Arguments.of(
            "userIdentity a string",
            change(e -> detail(e).put("userIdentity", "jane")),
            "detail.userIdentity should be an object, got a string"));
  }

  private static Consumer<ObjectNode> change(Consumer<ObjectNode> c) {
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedDeletion_throwsNamingTheEvent(
      String name, Consumer<ObjectNode> damage, String fragment) {
    ObjectNode envelope = left(damage);
    String eventId =
        envelope.path("detail").path("eventID").isTextual()
            ? LEFT_EVENT_ID
            : envelope.get("id").asText();

    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> ClusterDeletionParser.parse(envelope));

    assertTrue(e.getMessage().startsWith("event " + eventId + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void malformedWithoutDetail_isNamedByTheEnvelopeId() {
    MalformedEventException e =
        assertThrows(
            MalformedEventException.class,
            () -> ClusterDeletionParser.parse(left(env -> env.remove("detail"))));

    assertEquals("event 6f1e2d3c-4b5a-4978-8c6d-000000000101: $.detail is missing", e.getMessage());
  }

  // ---- which envelopes belong to this parser --------------------------------------------------

  @Test
  void isClusterDeletion_trueForEverySample() {
    for (String file : new String[] {LEFT, NO_NAMESPACE, FAILED}) {
      assertTrue(ClusterDeletionParser.isClusterDeletion(sample(file)), file);
    }
  }

  @Test
  void isClusterDeletion_falseForOthers() {
    JsonNode createService = sample("create-service-sc-http-clean.json");

    assertFalse(ClusterDeletionParser.isClusterDeletion(createService));
    assertFalse(ClusterDeletionParser.isClusterDeletion(null));
    assertFalse(ClusterDeletionParser.isClusterDeletion(StrictJson.MAPPER.createObjectNode()));
    assertFalse(ClusterDeletionParser.isClusterDeletion(left(e -> e.remove("detail"))));
  }
}
