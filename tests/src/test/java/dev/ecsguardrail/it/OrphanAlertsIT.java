package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.CloudMapSeed.LEGACY;
import static dev.ecsguardrail.it.CloudMapSeed.deletionEvent;
import static dev.ecsguardrail.it.CloudMapSeed.idOf;
import static dev.ecsguardrail.it.SqsEvents.batch;
import static dev.ecsguardrail.it.SqsEvents.failures;
import static dev.ecsguardrail.it.SqsEvents.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.ClusterDeletionCheck.Outcome;
import dev.ecsguardrail.flow.ClusterDeletionCheck.Status;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.DigestGuard;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.handler.ClusterDeletionHandler;
import dev.ecsguardrail.it.CloudMapSeed.Cms;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.orphan.OrphanFinder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * NS001 end to end on the emulator, with the real gateways: the delayed DeleteCluster re-check as
 * the Lambda runs it (an SQS batch of EventBridge events through {@link ClusterDeletionHandler},
 * partial batch failures), and the weekly digest ({@link DigestGuard}) with its ISO-week ledger key
 * and last week's totals in DynamoDB. What SNS delivered is read from an SQS subscriber; the e-mail
 * and chat bodies (which no SQS subscriber receives) from what moto recorded as published.
 *
 * <p>The fleet ({@link CloudMapSeed#legacy}): cluster {@code guardrail-it-legacy} had the HTTP
 * namespace {@code guardrail-it-legacy} as its Service Connect default (moto creates none: the test
 * does), with a Cloud Map service holding 2 instances ECS registered for it; the cluster is
 * deleted.
 */
@ExtendWith(EmptyEmulator.class)
class OrphanAlertsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final String SAMPLE_PRINCIPAL =
      "arn:aws:sts::123456789012:assumed-role/platform-admin/jane";
  private static final Path FAILED = Project.EVENTS.resolve("cluster/delete-cluster-failed.json");

  /** Enough time for a sweep; a Lambda with less than the handler's 5 s margin has none. */
  private static final int AMPLE_MILLIS = 120_000;

  private final AwsClients clients =
      AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
  private final EcsClient ecs = clients.ecs();
  private final CloudMapSeed seed = new CloudMapSeed(clients);

  // ---- DeleteCluster: the delayed re-check ------------------------------------------------------

  @Test
  void deletedClusterLeftItsNamespace_alertsOnce_andTheReplayIsADuplicate() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();
      ClusterDeletionHandler handler = new ClusterDeletionHandler(guard(fleet));
      String batch = batch(message("m-1", deletionEvent(fleet, legacy, "evt-legacy-1")));

      assertEquals(List.of(), failures(invoke(handler, batch, AMPLE_MILLIS)));

      List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
      assertEquals(1, delivered.size(), delivered.toString());
      JsonNode envelope = delivered.getFirst();
      assertEquals("orphan", envelope.at("/MessageAttributes/kind/Value").asText());
      assertEquals("MEDIUM", envelope.at("/MessageAttributes/severity/Value").asText());
      assertEquals("String.Array", envelope.at("/MessageAttributes/ruleIds/Type").asText());
      assertTrue(
          json(envelope.at("/MessageAttributes/ruleIds/Value").asText())
              .toString()
              .contains("NS001"),
          envelope.get("MessageAttributes").toString());
      String subject = envelope.get("Subject").asText();
      assertTrue(subject.length() < 100, subject.length() + ": " + subject);
      assertTrue(subject.startsWith("[MEDIUM] ecs-guardrail NS001 namespace " + LEGACY), subject);
      JsonNode sqsBody = json(envelope.get("Message").asText());
      assertEquals("orphan", sqsBody.get("kind").asText());
      assertEquals("NS001", sqsBody.at("/findings/0/ruleId").asText());
      assertEquals(legacy.namespaceArn(), sqsBody.at("/findings/0/resource").asText());
      assertEquals(SAMPLE_PRINCIPAL, sqsBody.at("/call/principal").asText());

      if (Emulator.isMoto()) {
        MotoSns.Published published = MotoSns.published(fleet.topicArn).getFirst();
        String email = published.body("email");
        System.out.println(
            "ORPHAN| " + published.subject() + "\nORPHAN| " + email.replace("\n", "\nORPHAN| "));
        assertTrue(email.contains("Namespace " + LEGACY + " (HTTP)"), email);
        assertTrue(email.contains("ARN:      " + legacy.namespaceArn()), email);
        assertTrue(email.contains("Left:     1 Cloud Map service, 2 instances"), email);
        assertTrue(email.contains("Cost:     $0.20 per month (estimate)"), email);
        assertTrue(email.contains("Who:   " + SAMPLE_PRINCIPAL + " with AWS CLI"), email);
        assertTrue(
            email.contains(
                "Clean up: bin/ecs-guardrail cleanup --namespace "
                    + legacy.namespaceArn()
                    + " --yes"),
            email);
        assertTrue(
            email.contains("aws servicediscovery delete-namespace --id " + legacy.namespaceId()),
            email);
        JsonNode chat = json(published.body("default"));
        assertEquals(
            "ecs-guardrail/namespace/" + legacy.namespaceArn(),
            chat.at("/metadata/threadId").asText());
        assertEquals(published.subject(), chat.at("/metadata/summary").asText());
      }

      // Lambda and SQS deliver at least once: the same batch again is a duplicate.
      assertEquals(List.of(), failures(invoke(handler, batch, AMPLE_MILLIS)));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "the replay publishes nothing");
      if (Emulator.isMoto()) {
        assertEquals(1, MotoSns.published(fleet.topicArn).size());
      }
    }
  }

  @Test
  void namespaceStillTheDefaultOfAnActiveCluster_noAlert() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();
      seed.cluster(Fleet.PREFIX + "orders", legacy.namespaceArn());

      String event = deletionEvent(fleet, legacy, "evt-legacy-2");
      assertEquals(Status.IN_USE, check(event).status());

      JsonNode reply =
          invoke(
              new ClusterDeletionHandler(guard(fleet)), batch(message("m-1", event)), AMPLE_MILLIS);

      assertEquals(List.of(), failures(reply));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "in use: no alert");
    }
  }

  @Test
  void namespaceStillRegisteredIntoByAnEcsService_noAlert() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();
      String orders = seed.cluster(Fleet.PREFIX + "orders", null);
      String taskDefinition =
          ecs.registerTaskDefinition(
                  r ->
                      r.family(Fleet.PREFIX + "orders")
                          .containerDefinitions(
                              c -> c.name("app").image("public.ecr.aws/nginx/nginx").memory(128)))
              .taskDefinition()
              .taskDefinitionArn();
      ecs.createService(
          r ->
              r.cluster(orders)
                  .serviceName(Fleet.PREFIX + "orders-api")
                  .taskDefinition(taskDefinition)
                  .launchType(LaunchType.EC2)
                  .desiredCount(0)
                  .serviceRegistries(s -> s.registryArn(legacy.serviceArn())));

      String event = deletionEvent(fleet, legacy, "evt-legacy-3");
      assertEquals(Status.IN_USE, check(event).status());

      JsonNode reply =
          invoke(
              new ClusterDeletionHandler(guard(fleet)), batch(message("m-1", event)), AMPLE_MILLIS);

      assertEquals(List.of(), failures(reply));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "in use: no alert");
    }
  }

  @Test
  void failedDeleteCluster_noAlert_andNoBatchFailure() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      seed.legacy();
      ObjectNode event = (ObjectNode) json(read(FAILED));
      event.put("account", fleet.account).put("region", Emulator.REGION);
      ((ObjectNode) event.get("detail"))
          .put("recipientAccountId", fleet.account)
          .put("awsRegion", Emulator.REGION);

      assertEquals(Status.NOTHING_TO_DO, check(event.toString()).status());

      JsonNode reply =
          invoke(
              new ClusterDeletionHandler(guard(fleet)),
              batch(message("m-failed", event.toString())),
              AMPLE_MILLIS);

      assertEquals(List.of(), failures(reply));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "nothing was deleted: no alert");
    }
  }

  @Test
  void malformedBodies_areReportedOnceEach_notRetried_andTheGoodEventIsStillHandled() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();

      JsonNode reply =
          invoke(
              new ClusterDeletionHandler(guard(fleet)),
              batch(
                  message("m-not-json", "not json"),
                  message("m-empty-detail", "{\"detail\":{}}"),
                  message("m-good", deletionEvent(fleet, legacy, "evt-legacy-4"))),
              AMPLE_MILLIS);

      assertEquals(List.of(), failures(reply), "a retry cannot mend a malformed body");
      List<JsonNode> delivered = fleet.delivered(3, PATIENCE);
      assertEquals(3, delivered.size(), delivered.toString());
      List<String> rules = new ArrayList<>();
      for (JsonNode envelope : delivered) {
        assertEquals(
            "orphan",
            envelope.at("/MessageAttributes/kind/Value").asText(),
            envelope.get("MessageAttributes").toString());
        rules.add(envelope.at("/MessageAttributes/ruleIds/Value").asText());
      }
      assertEquals(
          List.of("[\"EV001\"]", "[\"EV001\"]", "[\"NS001\"]"), rules.stream().sorted().toList());
      List<String> ev001Subjects =
          delivered.stream()
              .filter(e -> e.at("/MessageAttributes/ruleIds/Value").asText().contains("EV001"))
              .map(e -> e.get("Subject").asText())
              .toList();
      ev001Subjects.forEach(
          s -> assertTrue(s.startsWith("[MEDIUM] ecs-guardrail cannot evaluate event"), s));
    }
  }

  @Test
  void sweepThatCannotComplete_isRetried_publishesNothing_andTheRetryAlerts() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();
      ClusterDeletionHandler handler = new ClusterDeletionHandler(guard(fleet));
      String batch = batch(message("m-late", deletionEvent(fleet, legacy, "evt-legacy-5")));

      // Less time left than the handler keeps back: the deadline has passed before the sweep.
      JsonNode late = invoke(handler, batch, 1_000);

      assertEquals(List.of("m-late"), failures(late), "no conclusion: the message is retried");
      assertEquals(0, fleet.delivered(0, QUIET).size(), "incomplete: nothing published");

      // SQS redelivers it: the claim was given back, so the retry is handled, and alerts once.
      assertEquals(List.of(), failures(invoke(handler, batch, AMPLE_MILLIS)));
      assertEquals(1, fleet.delivered(1, PATIENCE).size());
      assertEquals(List.of(), failures(invoke(handler, batch, AMPLE_MILLIS)));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "then a duplicate");
    }
  }

  // ---- the weekly digest ------------------------------------------------------------------------

  @Test
  void digest_oncePerWeek_withLastWeeksTrend() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seed.legacy();
      Instant monday = Instant.parse("2026-11-30T08:00:00Z");

      DigestGuard.Result first = digest(fleet, monday).run(fleet.account, Emulator.REGION, soon());

      assertFalse(first.duplicate());
      assertTrue(first.sent());
      assertTrue(first.sweep().complete(), first.sweep().skipped().toString());
      assertEquals("digest/" + fleet.account + "/" + Emulator.REGION + "/2026-W49", first.key());
      List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
      assertEquals(1, delivered.size(), delivered.toString());
      assertEquals("digest", delivered.getFirst().at("/MessageAttributes/kind/Value").asText());
      assertEquals("LOW", delivered.getFirst().at("/MessageAttributes/severity/Value").asText());
      String subject = delivered.getFirst().get("Subject").asText();
      assertTrue(subject.endsWith(": 1 left behind, $0.20/month"), subject);
      assertTrue(subject.length() < 100, subject);
      if (Emulator.isMoto()) {
        String email = MotoSns.published(fleet.topicArn).getFirst().body("email");
        System.out.println("DIGEST| " + email.strip().replace("\n", "\nDIGEST| "));
        String[] blocks = email.split("\n\n");
        assertTrue(blocks[0].startsWith("ecs-guardrail weekly digest\nAccount "), email);
        assertTrue(blocks[0].endsWith(", 2026-11-30"), email);
        assertEquals(
            "Left behind:  1\nCost:         $0.20 per month\n"
                + "Alarms:       0 proxy-memory alarms, $0.00 per month\n"
                + "Findings:     none on 0 services checked\nSweep:        complete",
            blocks[1],
            "totals first, no trend in the first week");
        assertTrue(email.contains("\n1. Namespace " + LEGACY + " (HTTP)\n"), email);
        assertTrue(email.contains("   ARN:      " + legacy.namespaceArn() + "\n"), email);
        assertTrue(email.contains("   Left:     1 Cloud Map service, 2 instances\n"), email);
      }

      // The schedule fires again in the same ISO week (a retry, a second schedule): no digest.
      DigestGuard.Result again =
          digest(fleet, monday.plus(Duration.ofDays(3)))
              .run(fleet.account, Emulator.REGION, soon());
      assertTrue(again.duplicate());
      assertEquals(first.key(), again.key());
      assertEquals(0, fleet.delivered(0, QUIET).size(), "one digest per week");

      // A week later a second namespace was left behind.
      String batchNamespace = seed.httpNamespace(Fleet.PREFIX + "batch").arn();
      Cms batchService = seed.cloudMapService(idOf(batchNamespace), Fleet.PREFIX + "batch-worker");
      seed.register(batchService.id(), 3, Fleet.PREFIX + "batch");

      DigestGuard.Result next =
          digest(fleet, monday.plus(Duration.ofDays(7)))
              .run(fleet.account, Emulator.REGION, soon());

      assertFalse(next.duplicate());
      assertEquals("digest/" + fleet.account + "/" + Emulator.REGION + "/2026-W50", next.key());
      assertEquals(2, next.sweep().orphans().size(), next.sweep().orphans().toString());
      assertEquals(1, fleet.delivered(1, PATIENCE).size());
      if (Emulator.isMoto()) {
        List<MotoSns.Published> all = MotoSns.published(fleet.topicArn);
        assertEquals(2, all.size());
        String email = all.getLast().body("email");
        assertEquals(
            "Left behind:  2 (+1 since last week)\n"
                + "Cost:         $0.50 per month (+$0.30)\n"
                + "Alarms:       0 proxy-memory alarms, $0.00 per month\n"
                + "Findings:     none on 0 services checked\n"
                + "Sweep:        complete",
            email.split("\n\n")[1],
            email);
        assertTrue(email.contains("Namespace " + Fleet.PREFIX + "batch (HTTP)"), email);
        JsonNode chat = json(all.getLast().body("default"));
        assertEquals(
            "ecs-guardrail/digest/" + fleet.account + "/" + Emulator.REGION,
            chat.at("/metadata/threadId").asText());
        assertTrue(
            chat.at("/content/description").asText().startsWith("*2* left behind (+1), *$0.50*"),
            chat.toString());
      }
    }
  }

  @Test
  void digest_nothingLeftBehind_isAnAllClear() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      DigestGuard.Result result =
          digest(fleet, Instant.parse("2026-12-07T08:00:00Z"))
              .run(fleet.account, Emulator.REGION, soon());

      assertTrue(result.sent());
      assertTrue(result.sweep().complete(), result.sweep().skipped().toString());
      assertEquals(List.of(), result.sweep().orphans());
      JsonNode envelope = fleet.delivered(1, PATIENCE).getFirst();
      assertEquals("digest", envelope.at("/MessageAttributes/kind/Value").asText());
      assertEquals("NONE", envelope.at("/MessageAttributes/severity/Value").asText());
      assertEquals("[]", envelope.at("/MessageAttributes/ruleIds/Value").asText());
      assertTrue(envelope.get("Subject").asText().endsWith(": all clear"), envelope.toString());
      if (Emulator.isMoto()) {
        String email = MotoSns.published(fleet.topicArn).getFirst().body("email");
        // "$0" rather than "$0.00": the sum of no orphans is BigDecimal.ZERO, scale 0.
        assertTrue(
            email.matches("(?s).*\nLeft behind:  0\nCost:         \\$0(\\.00)? per month\n.*"),
            email);
        assertTrue(
            email.contains("\nAll clear: no namespace or Cloud Map service is left behind.\n"),
            email);
      }
    }
  }

  @Test
  void digest_reRunsTheServiceRulesOnEveryService_withExemptions_readingEachTaskDefinitionOnce() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      // No Service Connect here: moto drops serviceConnectConfiguration from CreateService. App
      // Mesh (SC008) applies to any service, so the rules still run on what DescribeServices says.
      fleet.createService("prod", "mesh-a", "legacy-mesh", 2);
      fleet.createService("prod", "mesh-b", "legacy-mesh", 2);
      String exempt = fleet.createService("prod", "mesh-exempt", "legacy-mesh", 1);
      fleet.tag(exempt, "ecs-guardrail:exempt", "SC008");
      fleet.createService("staging", "catalog", "catalog-http", 1);
      CallCounter calls = new CallCounter();
      AwsClients counted = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls));

      DigestGuard.Result result =
          digest(fleet, Instant.parse("2026-12-07T08:00:00Z"), counted)
              .run(fleet.account, Emulator.REGION, soon());

      assertTrue(result.sweep().complete(), result.sweep().skipped().toString());
      assertEquals(4, result.sweep().checkedServices());
      assertEquals(
          List.of("SC008 " + Fleet.PREFIX + "prod/mesh-a", "SC008 " + Fleet.PREFIX + "prod/mesh-b"),
          result.sweep().findings().stream()
              .map(v -> v.finding().ruleId() + " " + v.finding().resource())
              .sorted()
              .toList());
      assertEquals(
          2,
          calls.operations().stream().filter(op -> op.endsWith(":DescribeTaskDefinition")).count(),
          "one read per task definition revision, not per service: " + calls.operations());
      JsonNode envelope = fleet.delivered(1, PATIENCE).getFirst();
      assertEquals("HIGH", envelope.at("/MessageAttributes/severity/Value").asText());
      assertEquals("[\"SC008\"]", envelope.at("/MessageAttributes/ruleIds/Value").asText());
      assertTrue(
          envelope.get("Subject").asText().endsWith(": 2 standing findings"), envelope.toString());
      if (Emulator.isMoto()) {
        String email = MotoSns.published(fleet.topicArn).getFirst().body("email");
        System.out.println("DIGEST| " + email.strip().replace("\n", "\nDIGEST| "));
        assertTrue(email.contains("\nFindings:     2 on 4 services checked (HIGH 2)\n"), email);
        assertTrue(email.contains("\nHIGH SC008: App Mesh proxy configuration"), email);
        assertTrue(email.contains("\n  - " + Fleet.PREFIX + "prod/mesh-a\n"), email);
        assertFalse(email.contains("mesh-exempt"), email);
      }
    }
  }

  // ---- the functions as Production builds them, on the emulator ---------------------------------

  private ClusterDeletionGuard guard(Fleet fleet) {
    return fleet.deletionGuard(clients, SecurityHubPublisher.OFF);
  }

  /** What the check the guard runs concludes about an event (to see why nothing was sent). */
  private Outcome check(String event) {
    return new ClusterDeletionCheck(
            InventoryGateway.of(clients),
            new OrphanFinder(PriceTable.bundled().cloudMap(Emulator.REGION)))
        .check(ClusterDeletionParser.parse(json(event)), soon());
  }

  private DigestGuard digest(Fleet fleet, Instant now) {
    return digest(fleet, now, clients);
  }

  private DigestGuard digest(Fleet fleet, Instant now, AwsClients clients) {
    return fleet.digestGuard(clients, Clock.fixed(now, ZoneOffset.UTC), SecurityHubPublisher.OFF);
  }

  /** The sweep's deadline: the sweep reads with the real clock, whatever the digest's date. */
  private static Instant soon() {
    return Instant.now().plus(Duration.ofMinutes(2));
  }

  /** The Lambda entry point, as the SQS event source mapping calls it. */
  private static JsonNode invoke(
      ClusterDeletionHandler handler, String batch, int remainingMillis) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)),
          out,
          Invocations.of("cluster-deletion", remainingMillis));
      return json(out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), "JSON");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
