package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.CloudMapSeed.deletionEvent;
import static dev.ecsguardrail.it.FunctionEnvironments.RIE_ACCOUNT;
import static dev.ecsguardrail.it.SqsEvents.batch;
import static dev.ecsguardrail.it.SqsEvents.failures;
import static dev.ecsguardrail.it.SqsEvents.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.it.FunctionEnvironments.FunctionAccount;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The account-wide functions as Lambda runs them (the weekly digest, the delayed DeleteCluster
 * check, the proxy-memory alarms' reconcile and their alert): the shaded jar under the Lambda
 * Runtime Interface Emulator ({@link LambdaRuntime}), with the environment template.yaml gives each
 * function ({@link FunctionEnvironments}), against moto.
 *
 * <p>The digest takes its account from its own function ARN, and aws-lambda-rie invents that ARN
 * (always in {@link FunctionEnvironments#RIE_ACCOUNT}). (ServiceChangeLambdaIT never notices: that
 * handler reads the account from the event, which {@link Fleet#localize} points at moto's.) So the
 * functions run as on AWS, with a role's temporary credentials in the account of their ARN ({@link
 * FunctionAccount}), and the fleet is seeded in that account too.
 */
@ExtendWith(EmptyEmulator.class)
class SweepLambdaIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @Test
  void digest_asALambda_sweepsAndPublishesOnce_andTheSecondRunOfTheWeekIsADuplicate()
      throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      assertEquals(RIE_ACCOUNT, fleet.account, "the fleet is seeded in the function's account");
      Legacy legacy = new CloudMapSeed(clients()).legacy();
      fleet.createService("prod", "mesh-a", "legacy-mesh", 1);
      Map<String, String> env = environment(Function.DIGEST, fleet, account);

      try (LambdaRuntime lambda = new LambdaRuntime(Function.DIGEST.handler, env)) {
        String weekBefore = isoWeek();
        JsonNode reply = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));
        List<String> weeks = List.of(weekBefore, isoWeek()); // the same, unless a week began

        assertTrue(reply.path("complete").asBoolean(), reply.toPrettyString());
        assertTrue(reply.path("sent").asBoolean(), reply.toPrettyString());
        assertEquals(RIE_ACCOUNT, reply.path("account").asText(), reply.toPrettyString());
        String key = reply.path("eventKey").asText();
        assertTrue(
            weeks.stream()
                .anyMatch(
                    w -> key.equals("digest/" + RIE_ACCOUNT + "/" + Emulator.REGION + "/" + w)),
            key + " is not digest/<account>/<region>/<ISO week> of " + weeks);
        List<JsonNode> orphans = list(reply.path("orphans"));
        assertEquals(1, orphans.size(), reply.toPrettyString());
        assertEquals(legacy.namespaceArn(), orphans.getFirst().path("arn").asText());
        assertEquals(2, orphans.getFirst().path("instances").asInt());
        assertEquals(0.2, reply.path("totalMonthlyCostUsd").asDouble(), 0.0);
        assertEquals(1, reply.path("checkedServices").asInt(), reply.toPrettyString());
        // The standing SC008, then NS001 on what was left behind: the one finding schema.
        List<JsonNode> findings = list(reply.path("findings"));
        assertEquals(
            List.of("SC008", "NS001"),
            findings.stream().map(f -> f.path("ruleId").asText()).toList(),
            reply.toPrettyString());
        assertEquals(legacy.namespaceArn(), findings.getLast().path("resource").asText());
        assertEquals(Fleet.PREFIX + "prod/mesh-a", findings.getFirst().path("resource").asText());
        assertEquals("reported", findings.getFirst().path("verdict").asText());

        List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
        assertEquals(1, delivered.size(), delivered.toString());
        JsonNode envelope = delivered.getFirst();
        assertEquals("digest", envelope.at("/MessageAttributes/kind/Value").asText());
        assertEquals("HIGH", envelope.at("/MessageAttributes/severity/Value").asText());
        assertEquals(RIE_ACCOUNT, envelope.at("/MessageAttributes/account/Value").asText());
        JsonNode body = json(envelope.get("Message").asText());
        assertEquals(legacy.namespaceArn(), body.at("/orphans/0/arn").asText(), body.toString());
        assertEquals("SC008", body.at("/findings/0/ruleId").asText(), body.toString());

        // The schedule fires again in the same ISO week (a retry, an async redelivery).
        JsonNode again = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(again.path("duplicate").asBoolean(), again.toPrettyString());
        assertEquals(key, again.path("eventKey").asText());
        assertEquals(0, fleet.delivered(0, QUIET).size(), "one digest per week");
        assertTrue(lambda.log().contains("\"eventKey\""), "Powertools logs the digest");
        assertTrue(lambda.log().contains("\"DigestsSent\""), "EMF: the digest is counted");
      }
    }
  }

  /**
   * OrgReportBucket set: the week's sweep lands under weekly/, the digest's SQS body byte for byte,
   * gzipped; a re-run of the week (its claim released, as after a failure) replaces the object.
   */
  @Test
  void digest_asALambda_writesTheOrgReport_andARerunOfTheWeekReplacesIt() throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      S3Client s3 = clients().s3();
      String bucket = Fleet.PREFIX + "org-reports";
      s3.createBucket(r -> r.bucket(bucket));
      new CloudMapSeed(clients()).legacy();
      Map<String, String> env = environment(Function.DIGEST, fleet, account);
      env.put("ORG_REPORT_BUCKET", bucket);

      try (LambdaRuntime lambda = new LambdaRuntime(Function.DIGEST.handler, env)) {
        JsonNode reply = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));

        String eventKey = reply.path("eventKey").asText();
        String week = eventKey.substring(eventKey.lastIndexOf('/') + 1);
        String key = "weekly/" + week + "/" + RIE_ACCOUNT + "/" + Emulator.REGION + ".json.gz";
        String digest = fleet.delivered(1, PATIENCE).getFirst().get("Message").asText();
        assertEquals(digest, report(s3, bucket, key), "the digest's JSON");
        assertEquals(0, json(digest).path("checkedServices").asInt(), digest);
        HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
        assertEquals("application/json", head.contentType());
        assertEquals("gzip", head.contentEncoding());
        assertTrue(lambda.log().contains(key), "the key written is logged");

        fleet.createService("prod", "mesh-a", "legacy-mesh", 1);
        clients()
            .dynamoDb()
            .deleteItem(
                r ->
                    r.tableName(fleet.ledgerTable)
                        .key(Map.of("id", AttributeValue.fromS("event#" + eventKey))));
        JsonNode again = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(eventKey, again.path("eventKey").asText(), "the same week");
        String rerun = fleet.delivered(1, PATIENCE).getFirst().get("Message").asText();
        assertEquals(rerun, report(s3, bucket, key), "replaced by the re-run's");
        assertEquals(1, json(rerun).path("checkedServices").asInt(), rerun);
        assertEquals(
            List.of(key),
            s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList());
      }
    }
  }

  /** A bucket that is not there: the digest goes out all the same, and an operational alert. */
  @Test
  void digest_asALambda_withNoSuchOrgReportBucket_stillSendsTheDigest_andAlertsOperations()
      throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      new CloudMapSeed(clients()).legacy();
      Map<String, String> env = environment(Function.DIGEST, fleet, account);
      String bucket = Fleet.PREFIX + "no-such-bucket";
      env.put("ORG_REPORT_BUCKET", bucket);

      try (LambdaRuntime lambda = new LambdaRuntime(Function.DIGEST.handler, env)) {
        JsonNode reply = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));

        assertTrue(reply.path("sent").asBoolean(), reply.toPrettyString());
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode envelope : fleet.delivered(2, PATIENCE)) {
          byKind.put(envelope.at("/MessageAttributes/kind/Value").asText(), envelope);
        }
        assertEquals(Set.of("digest", "operational"), byKind.keySet());
        JsonNode digest = json(byKind.get("digest").get("Message").asText());
        assertEquals(1, digest.path("orphans").size(), digest.toString());
        JsonNode alert = json(byKind.get("operational").get("Message").asText());
        assertEquals("Organization report not written", alert.path("title").asText());
        String detail = alert.path("detail").asText();
        assertTrue(detail.contains("s3://" + bucket + "/weekly/"), detail);
        assertTrue(detail.contains("404"), detail);
        assertTrue(lambda.log().contains("organization report not written"), "logged at ERROR");
        assertTrue(lambda.log().contains("\"DigestsSent\""), "EMF: the digest is counted");
      }
    }
  }

  @Test
  void clusterDeletion_asALambda_alertsOnceForTheNamespace_andReportsTheMalformedBody()
      throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = new CloudMapSeed(clients()).legacy();
      Map<String, String> env = environment(Function.CLUSTER_DELETION, fleet, account);
      String batch =
          batch(
              message("m-good", deletionEvent(fleet, legacy, "evt-lambda-1")),
              message("m-not-json", "{\"detail\":"));

      try (LambdaRuntime lambda = new LambdaRuntime(Function.CLUSTER_DELETION.handler, env)) {
        JsonNode reply = json(lambda.invoke(batch.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(), failures(reply), "a retry cannot mend a malformed body: " + reply);
        List<JsonNode> delivered = fleet.delivered(2, PATIENCE);
        assertEquals(2, delivered.size(), delivered.toString());
        Map<String, JsonNode> byRule = new HashMap<>();
        for (JsonNode envelope : delivered) {
          assertEquals(
              "orphan",
              envelope.at("/MessageAttributes/kind/Value").asText(),
              envelope.get("MessageAttributes").toString());
          byRule.put(envelope.at("/MessageAttributes/ruleIds/Value").asText(), envelope);
        }
        assertEquals(Set.of("[\"NS001\"]", "[\"EV001\"]"), byRule.keySet());
        JsonNode ns001 = byRule.get("[\"NS001\"]");
        assertEquals("MEDIUM", ns001.at("/MessageAttributes/severity/Value").asText());
        JsonNode alert = json(ns001.get("Message").asText());
        assertEquals("NS001", alert.at("/findings/0/ruleId").asText(), alert.toString());
        assertEquals(
            legacy.namespaceArn(), alert.at("/findings/0/resource").asText(), alert.toString());
        assertEquals(2, alert.at("/findings/0/details/instances").asInt(), alert.toString());
        String ev001 = byRule.get("[\"EV001\"]").get("Subject").asText();
        assertTrue(ev001.startsWith("[MEDIUM] ecs-guardrail cannot evaluate event"), ev001);

        // SQS delivers at least once: the good event again is a duplicate, and alerts no more.
        JsonNode replay =
            json(
                lambda.invoke(
                    batch(message("m-good", deletionEvent(fleet, legacy, "evt-lambda-1")))
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), failures(replay));
        assertEquals(0, fleet.delivered(0, QUIET).size(), "the replay publishes nothing");
        assertTrue(lambda.log().contains("\"Findings\""), "EMF: the NS001 verdict is counted");
        assertTrue(lambda.log().contains("\"Duplicates\""), "EMF: the replay is counted");
      }
    }
  }

  @Test
  void alarmReconcile_asALambda_createsTheGrpcServicesAlarm_andTheNextRunChangesNothing()
      throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.createService("prod", "orders", "orders-grpc", 2);
      String cluster = Fleet.PREFIX + "prod";
      clients()
          .cloudWatch()
          .putMetricData(
              r ->
                  r.namespace(SidecarAlarm.NAMESPACE)
                      .metricData(
                          ProxyMetrics.proxyMemory(
                              cluster, "orders", "ecs-service-connect-oRK9o", 41.5)));
      Map<String, String> env = environment(Function.ALARM_RECONCILE, fleet, account);

      try (LambdaRuntime lambda = new LambdaRuntime(Function.ALARM_RECONCILE.handler, env)) {
        JsonNode first = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));
        JsonNode second = json(lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)));

        String alarm = "ecs-guardrail-sidecar-memory-" + cluster + "-orders";
        assertEquals(List.of(alarm), texts(first.path("created")), first.toPrettyString());
        assertEquals(List.of(), texts(first.path("skipped")), first.toPrettyString());
        assertEquals(List.of(), texts(second.path("created")), second.toPrettyString());
        assertEquals(1, second.path("unchanged").asInt(), second.toPrettyString());
        var alarms = clients().cloudWatch().describeAlarms(r -> r.alarmNames(alarm)).metricAlarms();
        assertEquals(1, alarms.size());
        assertEquals(51.0, alarms.getFirst().threshold(), "80 % of the 64 MiB left to the proxy");
        assertTrue(lambda.log().contains("\"AlarmsCreated\""), "EMF: the reconcile is counted");
      }
    }
  }

  @Test
  void alarmStateChange_asALambda_alertsSm001Once() throws Exception {
    try (FunctionAccount account = account();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      Map<String, String> env = environment(Function.SIDECAR_ALARM, fleet, account);
      byte[] event =
          java.nio.file.Files.readAllBytes(
              Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json"));

      try (LambdaRuntime lambda = new LambdaRuntime(Function.SIDECAR_ALARM.handler, env)) {
        assertEquals("fired", json(lambda.invoke(event)).path("result").asText());
        assertEquals("duplicate", json(lambda.invoke(event)).path("result").asText());
        assertTrue(lambda.log().contains("\"Alerts\""), "EMF: the alert is counted");

        List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
        assertEquals(1, delivered.size(), delivered.toString());
        assertEquals(
            "sidecar-memory", delivered.getFirst().at("/MessageAttributes/kind/Value").asText());
        assertEquals(
            "[\"SM001\"]", delivered.getFirst().at("/MessageAttributes/ruleIds/Value").asText());
        assertEquals(0, fleet.delivered(0, QUIET).size(), "the redelivery publishes nothing");
      }
    }
  }

  /** The function's account (skips the test off moto: the function ARN names its account). */
  private static FunctionAccount account() {
    assumeTrue(Emulator.isMoto(), "needs moto: the emulator's function ARN names its account");
    return FunctionAccount.assume();
  }

  private static Map<String, String> environment(
      Function function, Fleet fleet, FunctionAccount account) {
    return FunctionEnvironments.environment(function, fleet, account.environment());
  }

  private static AwsClients clients() {
    return AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
  }

  /** The object, gunzipped. */
  private static String report(S3Client s3, String bucket, String key) throws IOException {
    byte[] body = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String isoWeek() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return String.format(
        "%d-W%02d",
        today.get(IsoFields.WEEK_BASED_YEAR), today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), "JSON");
  }

  private static List<String> texts(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }

  private static List<JsonNode> list(JsonNode array) {
    assertTrue(array.isArray(), "an array: " + array);
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
