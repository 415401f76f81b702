package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.ClusterDeletionCheck.Status;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.handler.ServiceChangeHandler;
import dev.ecsguardrail.it.CloudMapSeed.Cms;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.it.FaultProxy.Kind;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * Faults injected between the guardrail and the emulator ({@link FaultProxy}): every fault reads as
 * the SDK expects, the sweep under throttling never says "no orphans" on a view it did not
 * complete, and with SNS down an event is retried, dead-lettered, and notified once when SNS is
 * back. The burst of service events is {@link BurstIT}.
 */
@ExtendWith(EmptyEmulator.class)
class FaultsIT {

  private static final Path TEMPLATE = Project.ROOT.resolve("template.yaml");
  private static final Path NO_APP_PROTOCOL =
      Project.EVENTS.resolve("create-service-sc-no-app-protocol.json");
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration QUIET = Duration.ofSeconds(2);

  private final AwsClients direct =
      AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());

  // ---- the proxy itself -------------------------------------------------------------------------

  @Test
  void everyFault_readsAsTheSdkExpects_inEachServicesProtocol() {
    try (FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 1)) {
      Map<String, Consumer<AwsClients>> calls = new TreeMap<>();
      calls.put("ecs", c -> c.ecs().listClusters());
      calls.put("servicediscovery", c -> c.cloudMap().listNamespaces());
      calls.put("dynamodb", c -> c.dynamoDb().listTables());
      calls.put("sns", c -> c.sns().listTopics());
      calls.put("monitoring", c -> c.cloudWatch().describeAlarms());
      Map<String, String> throttlingCodes =
          Map.of(
              "ecs", "ThrottlingException",
              "servicediscovery", "RequestLimitExceeded",
              "dynamodb", "ThrottlingException",
              "sns", "Throttled",
              "monitoring", "Throttling");
      for (var entry : calls.entrySet()) {
        String service = entry.getKey();
        for (Kind kind : List.of(Kind.THROTTLE, Kind.SERVER_ERROR, Kind.DROP)) {
          proxy.clear().inject(service, kind, 1.0);
          AttemptCounter attempts = new AttemptCounter();
          long started = System.nanoTime();
          SdkException e =
              assertThrows(
                  SdkException.class,
                  () -> entry.getValue().accept(clients(proxy, attempts)),
                  service + " " + kind);
          System.out.printf(
              "MEASURE fault service=%s kind=%s attempts=%d ms=%d error=%s%n",
              service,
              kind,
              attempts.attempts(),
              (System.nanoTime() - started) / 1_000_000,
              e.getClass().getSimpleName());
          assertEquals(3, attempts.attempts(), service + " " + kind + ": the SDK tried 3 times");
          switch (kind) {
            case THROTTLE -> {
              AwsServiceException aws = assertInstanceOf(AwsServiceException.class, e);
              assertTrue(aws.isThrottlingException(), service + ": " + e);
              assertEquals(throttlingCodes.get(service), aws.awsErrorDetails().errorCode());
            }
            case SERVER_ERROR -> {
              AwsServiceException aws = assertInstanceOf(AwsServiceException.class, e);
              assertTrue(aws.statusCode() >= 500, service + ": " + e);
            }
            default -> assertInstanceOf(SdkClientException.class, e, service + ": " + e);
          }
        }
        // Slow and forwarded: the answer is the emulator's.
        proxy.clear().inject(service, Kind.SLOW, 1.0);
        entry.getValue().accept(clients(proxy, new AttemptCounter()));
      }
      System.out.print("FAULTS protocols\n" + proxy.report());
      for (String service : calls.keySet()) {
        assertEquals(
            Map.of(Kind.THROTTLE, 3L, Kind.SERVER_ERROR, 3L, Kind.DROP, 3L, Kind.SLOW, 1L),
            proxy.injected().get(service),
            service);
      }
    }
  }

  // ---- the sweep under throttling ---------------------------------------------------------------

  /**
   * A fleet with one known orphan (the namespace {@link CloudMapSeed#legacy} leaves behind) and
   * three clusters whose namespaces are in use, swept again and again with a quarter of the ECS and
   * Cloud Map calls throttled. A complete sweep finds exactly that orphan; an incomplete one says
   * what it skipped and never passes for "complete, no orphans". The DeleteCluster re-check, which
   * sweeps one namespace, concludes ORPHAN or INCOMPLETE, never IN_USE or NOTHING_TO_DO.
   */
  @Test
  void sweepUnderThrottling_isCompleteWithTheOrphan_orIncompleteWithWhatItSkipped() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      sweepUnderThrottling(fleet);
    }
  }

  private void sweepUnderThrottling(Fleet fleet) {
    CloudMapSeed seed = new CloudMapSeed(direct);
    Legacy legacy = seed.legacy();
    String taskDefinition =
        direct
            .ecs()
            .registerTaskDefinition(
                r ->
                    r.family(Fleet.PREFIX + "faults-app")
                        .containerDefinitions(
                            c -> c.name("app").image("public.ecr.aws/nginx/nginx").memory(128)))
            .taskDefinition()
            .taskDefinitionArn();
    for (int i = 1; i <= 3; i++) {
      String name = Fleet.PREFIX + "team-" + i;
      CloudMapSeed.Namespace ns = seed.httpNamespace(name);
      String cluster = seed.cluster(name, ns.arn());
      Cms api = seed.cloudMapService(ns.id(), name + "-api");
      seed.register(api.id(), 2, name);
      for (int s = 1; s <= 2; s++) {
        String serviceName = name + "-svc-" + s;
        boolean registers = s == 1;
        direct
            .ecs()
            .createService(
                r -> {
                  r.cluster(cluster)
                      .serviceName(serviceName)
                      .taskDefinition(taskDefinition)
                      .launchType(LaunchType.EC2)
                      .desiredCount(0);
                  if (registers) {
                    r.serviceRegistries(g -> g.registryArn(api.arn()));
                  }
                });
      }
    }
    String account = fleet.account;
    OrphanFinder finder = new OrphanFinder(PriceTable.bundled().cloudMap(Emulator.REGION));

    SweepResult clean = sweep(account, finder, Emulator.endpoint(), new AttemptCounter());
    assertTrue(clean.complete(), clean.skipped().toString());
    assertEquals(List.of(legacy.namespaceArn()), arns(clean), "the one orphan, without faults");

    // Sweeps at a quarter throttled, a few at a time, each with its own proxy (seed) and clients
    // (a fresh execution environment: new adaptive rate limiter).
    int sweeps = Integer.getInteger("faults.sweeps", 4);
    double share = Double.parseDouble(System.getProperty("faults.sweepThrottle", "0.25"));
    AttemptCounter attempts = new AttemptCounter();
    Map<String, Long> throttled = new ConcurrentHashMap<>();
    List<SweepRun> runs = new ArrayList<>();
    long started = System.nanoTime();
    try (var pool = Executors.newFixedThreadPool(4)) {
      List<Future<SweepRun>> futures = new ArrayList<>();
      for (int i = 0; i < sweeps; i++) {
        long proxySeed = 100 + i;
        futures.add(
            pool.submit(
                () -> {
                  try (FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), proxySeed)) {
                    proxy
                        .inject("servicediscovery", Kind.THROTTLE, share)
                        .inject("ecs", Kind.THROTTLE, share);
                    SweepRun run = sweepAndRecheck(fleet, legacy, finder, proxy, attempts);
                    proxy
                        .injected()
                        .forEach(
                            (svc, k) ->
                                throttled.merge(svc, k.getOrDefault(Kind.THROTTLE, 0L), Long::sum));
                    return run;
                  }
                }));
      }
      for (var f : futures) {
        runs.add(f.get());
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    // And two that cannot complete, whatever the draw: every ListClusters throttled (ECS unseen),
    // every ListInstances throttled (the orphan's instances unseen).
    for (String operation : List.of("ListClusters", "ListInstances")) {
      try (FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 7)) {
        proxy.inject(c -> c.operation().equals(operation), Kind.THROTTLE, 1.0);
        SweepRun run = sweepAndRecheck(fleet, legacy, finder, proxy, new AttemptCounter());
        assertFalse(run.sweep().complete(), operation + " throttled: " + run.sweep());
        assertTrue(
            run.sweep().skipped().stream().anyMatch(s -> s.startsWith(operation)),
            run.sweep().skipped().toString());
        runs.add(run);
      }
    }

    int complete = 0;
    int incomplete = 0;
    int incompleteWithTheOrphan = 0;
    Map<Status, Integer> rechecks = new TreeMap<>();
    for (SweepRun run : runs) {
      SweepResult result = run.sweep();
      if (result.complete()) {
        complete++;
        assertEquals(List.of(legacy.namespaceArn()), arns(result), "a complete sweep");
      } else {
        incomplete++;
        assertFalse(result.skipped().isEmpty(), "incomplete says what it skipped");
        // What an incomplete sweep does report is real: nothing but the known orphan.
        assertTrue(
            Set.of(legacy.namespaceArn()).containsAll(arns(result)), arns(result).toString());
        if (!arns(result).isEmpty()) {
          incompleteWithTheOrphan++;
        }
      }
      rechecks.merge(run.recheck().status(), 1, Integer::sum);
      assertTrue(
          Set.of(Status.ORPHAN, Status.INCOMPLETE).contains(run.recheck().status()),
          run.recheck().status() + ": " + run.recheck().detail());
      System.out.printf(
          "FAULTS sweep complete=%s orphans=%d sweep_ms=%d recheck=%s recheck_ms=%d skipped=%s%n",
          result.complete(),
          result.orphans().size(),
          run.sweepMillis(),
          run.recheck().status(),
          run.recheckMillis(),
          result.skipped());
    }
    System.out.printf(
        "MEASURE sweep_under_throttling share=%.2f sweeps=%d complete=%d incomplete=%d"
            + " incomplete_listing_the_orphan=%d rechecks=%s throttled=%s seconds=%.1f"
            + " sdk_attempts=%d sdk_retries=%d failed_calls=%d%n",
        share,
        runs.size(),
        complete,
        incomplete,
        incompleteWithTheOrphan,
        rechecks,
        new TreeMap<>(throttled),
        seconds,
        attempts.attempts(),
        attempts.retries(),
        attempts.failures());
    System.out.print("FAULTS sweep retries\n" + attempts.report());
    assertEquals(runs.size(), complete + incomplete);
    assertTrue(throttled.getOrDefault("servicediscovery", 0L) > 0);
    assertTrue(throttled.getOrDefault("ecs", 0L) > 0);
  }

  /** One sweep of the account and one DeleteCluster re-check of the legacy namespace. */
  private record SweepRun(
      SweepResult sweep,
      long sweepMillis,
      ClusterDeletionCheck.Outcome recheck,
      long recheckMillis) {}

  private static SweepRun sweepAndRecheck(
      Fleet fleet, Legacy legacy, OrphanFinder finder, FaultProxy proxy, AttemptCounter attempts) {
    long t0 = System.nanoTime();
    SweepResult sweep = sweep(fleet.account, finder, proxy.endpoint(), attempts);
    long t1 = System.nanoTime();
    ClusterDeletionCheck.Outcome recheck =
        new ClusterDeletionCheck(
                InventoryGateway.of(
                    AwsClients.create(Emulator.REGION, proxy.endpoint(), List.of(attempts))),
                finder)
            .check(
                ClusterDeletionParser.parse(
                    StrictJson.parse(
                        CloudMapSeed.deletionEvent(fleet, legacy, "evt-recheck")
                            .getBytes(StandardCharsets.UTF_8),
                        "event")),
                soon());
    long t2 = System.nanoTime();
    return new SweepRun(sweep, (t1 - t0) / 1_000_000, recheck, (t2 - t1) / 1_000_000);
  }

  private static SweepResult sweep(
      String account, OrphanFinder finder, URI endpoint, AttemptCounter attempts) {
    AwsClients clients = AwsClients.create(Emulator.REGION, endpoint, List.of(attempts));
    return finder.find(InventoryGateway.of(clients).sweep(account, Emulator.REGION, soon()));
  }

  private static List<String> arns(SweepResult result) {
    return result.orphans().stream().map(Orphan::arn).sorted().toList();
  }

  // ---- SNS unavailable --------------------------------------------------------------------------

  /**
   * Every Publish answers 5xx: each invocation of the handler fails (after the SDK's retries) with
   * the claim given back, as often as Lambda invokes it (the first attempt and the template's
   * MaximumRetryAttempts), and nothing is delivered; then the event is in the dead-letter queue
   * (the template's OnFailure destination, with the NotificationFailures alarm). Redriven once SNS
   * is back, it is notified exactly once, and a further delivery is a duplicate.
   */
  @Test
  void snsDown_eventIsReleasedRetriedAndDeadLettered_thenNotifiedOnceWhenSnsIsBack()
      throws IOException {
    JsonNode function = serviceChangeFunction();
    int maximumRetryAttempts = function.at("/EventInvokeConfig/MaximumRetryAttempts").asInt(-1);
    assertEquals(2, maximumRetryAttempts, "template.yaml: ServiceChangeFunction retries");
    assertEquals(
        "SQS", function.at("/EventInvokeConfig/DestinationConfig/OnFailure/Type").asText());
    assertEquals(
        "DeadLetterQueue.Arn",
        function.at("/EventInvokeConfig/DestinationConfig/OnFailure/Destination").asText(),
        "the OnFailure destination is the dead-letter queue");
    JsonNode resources = template().get("Resources");
    JsonNode alarm = resources.at("/NotificationFailuresAlarm/Properties");
    assertEquals("NotificationFailures", alarm.path("MetricName").asText());
    assertEquals("EcsGuardrail", alarm.path("Namespace").asText());
    assertEquals("AWS::SQS::Queue", resources.at("/DeadLetterQueue/Type").asText());
    assertEquals(
        "DeadLetterQueue.QueueName",
        resources.at("/DeadLetterAlarm/Properties/Dimensions/0/Value").asText(),
        "the dead-letter queue has an alarm");

    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 4)) {
      proxy.inject(c -> c.is("sns", "Publish"), Kind.SERVER_ERROR, 1.0);
      AttemptCounter attempts = new AttemptCounter();
      ServiceChangeHandler handler =
          new ServiceChangeHandler(fleet.guard(clients(proxy, attempts), false));
      byte[] event = Fleet.withEventId(fleet.localize(NO_APP_PROTOCOL), "sns-down-1");
      String item = "event#api:sns-down-1";

      for (int attempt = 1; attempt <= 1 + maximumRetryAttempts; attempt++) {
        Invocation failed = invoke(handler, event);
        assertInstanceOf(NotificationFailedException.class, failed.error(), "attempt " + attempt);
        assertTrue(
            failed.error().getMessage().contains(fleet.topicArn), failed.error().getMessage());
        Map<String, AttributeValue> claim = ledgerItem(fleet, item);
        assertEquals("IN_PROGRESS", claim.get("status").s(), "not marked done: " + claim);
        assertEquals("0", claim.get("leaseUntil").n(), "the claim was given back: " + claim);
      }
      assertEquals(
          3L * (1 + maximumRetryAttempts),
          proxy.injected("sns", Kind.SERVER_ERROR),
          "each invocation: the SDK's 3 attempts at Publish");
      assertEquals(0, fleet.delivered(0, QUIET).size(), "nothing delivered while SNS is down");
      System.out.printf(
          "MEASURE sns_down invocations=%d publish_5xx=%d sdk_attempts=%d delivered=0%n",
          1 + maximumRetryAttempts, proxy.injected("sns", Kind.SERVER_ERROR), attempts.attempts());

      // SNS is back; the event is redriven from the dead-letter queue.
      proxy.clear();
      Invocation redriven = invoke(handler, event);
      assertEquals(null, redriven.error());
      assertFalse(redriven.reply().path("duplicate").asBoolean(), redriven.reply().toString());
      List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
      assertEquals(1, delivered.size(), delivered.toString());
      assertEquals(
          "sns-down-1", delivered.getFirst().at("/MessageAttributes/eventId/Value").asText());
      assertEquals("DONE", ledgerItem(fleet, item).get("status").s());

      Invocation again = invoke(handler, event);
      assertTrue(again.reply().path("duplicate").asBoolean(), again.reply().toString());
      assertEquals(0, fleet.delivered(0, QUIET).size(), "notified exactly once");
    }
  }

  // ---- the ledger failing around the side effects -----------------------------------------------

  /**
   * The alert is published, then the ledger cannot record the event as done (every UpdateItem that
   * sets DONE answers 5xx). Failing the invocation now would make Lambda retry it and publish the
   * alert again; the event is notified once, and its claim stays IN_PROGRESS until its lease ends.
   */
  @Test
  void ledgerCannotMarkDoneAfterThePublish_theEventIsStillNotifiedOnce() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 5)) {
      proxy.inject(
          c -> c.is("dynamodb", "UpdateItem") && c.body().contains("\"DONE\""),
          Kind.SERVER_ERROR,
          1.0);
      ServiceChangeHandler handler =
          new ServiceChangeHandler(fleet.guard(clients(proxy, new AttemptCounter()), false));
      byte[] event = Fleet.withEventId(fleet.localize(NO_APP_PROTOCOL), "done-fails-1");

      // Lambda: the first attempt, and its retries while the invocation fails.
      List<Throwable> errors = new ArrayList<>();
      for (int attempt = 1; attempt <= 3; attempt++) {
        Invocation invocation = invoke(handler, event);
        if (invocation.error() == null) {
          break;
        }
        errors.add(invocation.error());
      }

      assertEquals(3, proxy.injected("dynamodb", Kind.SERVER_ERROR), "one complete, 3 attempts");
      List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
      assertEquals(1, delivered.size(), "notified once; invocation errors: " + errors);
      assertEquals(List.of(), errors, "the invocation succeeds: its alert is out");
      assertEquals(
          "IN_PROGRESS",
          ledgerItem(fleet, "event#api:done-fails-1").get("status").s(),
          "not recorded as done: a redelivery after the lease would handle it again");
    }
  }

  /** The same for NS001: the DeleteCluster re-check's alert is not sent again by SQS's retry. */
  @Test
  void ledgerCannotMarkDoneAfterTheNs001_itIsStillSentOnce() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 11)) {
      Legacy legacy = new CloudMapSeed(direct).legacy();
      proxy.inject(
          c -> c.is("dynamodb", "UpdateItem") && c.body().contains("\"DONE\""),
          Kind.SERVER_ERROR,
          1.0);
      AwsClients clients = clients(proxy, new AttemptCounter());
      ClusterDeletionGuard guard = fleet.deletionGuard(clients, SecurityHubPublisher.OFF);
      byte[] raw =
          CloudMapSeed.deletionEvent(fleet, legacy, "evt-done-fails")
              .getBytes(StandardCharsets.UTF_8);

      // SQS redelivers a message whose handling failed (a batch item failure).
      List<Throwable> errors = new ArrayList<>();
      for (int receive = 1; receive <= 3; receive++) {
        try {
          guard.handle(StrictJson.parse(raw, "event"), raw, soon());
          break;
        } catch (RuntimeException e) {
          errors.add(e);
        }
      }

      assertEquals(1, fleet.delivered(1, PATIENCE).size(), "NS001 once; errors: " + errors);
      assertEquals(List.of(), errors);
    }
  }

  /** The same for SM001: the alarm's alert is not sent again by Lambda's retry. */
  @Test
  void ledgerCannotMarkDoneAfterTheSm001_itIsStillSentOnce() throws IOException {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 12)) {
      proxy.inject(
          c -> c.is("dynamodb", "UpdateItem") && c.body().contains("\"DONE\""),
          Kind.SERVER_ERROR,
          1.0);
      AwsClients clients = clients(proxy, new AttemptCounter());
      SidecarAlarmGuard guard = fleet.alarmGuard(clients);
      byte[] fired = Files.readAllBytes(Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json"));

      List<Throwable> errors = new ArrayList<>();
      for (int attempt = 1; attempt <= 3; attempt++) {
        try {
          assertEquals("fired", guard.handle(fired));
          break;
        } catch (RuntimeException e) {
          errors.add(e);
        }
      }

      assertEquals(1, fleet.delivered(1, PATIENCE).size(), "SM001 once; errors: " + errors);
      assertEquals(List.of(), errors);
    }
  }

  /**
   * SNS is down and the claim cannot be given back either: the invocation still fails with the
   * notification failure (what the NotificationFailures metric and alarm count), the release's
   * error attached to it, not in its place.
   */
  @Test
  void snsDownAndTheReleaseFails_theNotificationFailureIsWhatPropagates() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 6)) {
      proxy
          .inject(c -> c.is("sns", "Publish"), Kind.SERVER_ERROR, 1.0)
          .inject(
              c -> c.is("dynamodb", "UpdateItem") && c.body().contains("\":zero\""),
              Kind.SERVER_ERROR,
              1.0);
      ServiceChangeHandler handler =
          new ServiceChangeHandler(fleet.guard(clients(proxy, new AttemptCounter()), false));

      Invocation failed =
          invoke(handler, Fleet.withEventId(fleet.localize(NO_APP_PROTOCOL), "release-fails-1"));

      assertInstanceOf(NotificationFailedException.class, failed.error(), "" + failed.error());
      assertEquals(1, failed.error().getSuppressed().length, "the release's failure, attached");
      assertEquals(3, proxy.injected("dynamodb", Kind.SERVER_ERROR), "the release was tried");
      Map<String, AttributeValue> claim = ledgerItem(fleet, "event#api:release-fails-1");
      assertEquals("IN_PROGRESS", claim.get("status").s());
      assertTrue(
          Long.parseLong(claim.get("leaseUntil").n()) > Instant.now().getEpochSecond(),
          "the claim keeps its lease: Lambda's later retry takes it over once it ends");
    }
  }

  /**
   * The limit of exactly-once: a Publish that reached SNS but whose answer was lost is sent again
   * by the SDK's retry, and SNS (a standard topic, itself at-least-once) delivers both. The copies
   * carry the same {@code eventId} attribute, which is what a subscriber deduplicates on.
   */
  @Test
  void lostPublishResponse_isDeliveredTwice_withTheSameEventId() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 9)) {
      proxy.injectNext(c -> c.is("sns", "Publish"), Kind.LOST_RESPONSE, 1);
      AttemptCounter attempts = new AttemptCounter();
      ServiceChangeHandler handler =
          new ServiceChangeHandler(fleet.guard(clients(proxy, attempts), false));

      Invocation invocation =
          invoke(handler, Fleet.withEventId(fleet.localize(NO_APP_PROTOCOL), "lost-answer-1"));

      assertEquals(null, invocation.error());
      List<JsonNode> delivered = fleet.delivered(2, PATIENCE);
      assertEquals(2, delivered.size(), "the SDK's retry published it again");
      for (JsonNode envelope : delivered) {
        assertEquals("lost-answer-1", envelope.at("/MessageAttributes/eventId/Value").asText());
      }
      assertEquals(
          delivered.get(0).get("Message"), delivered.get(1).get("Message"), "the same message");
      System.out.printf(
          "MEASURE lost_publish_response sns_messages=%d sns_attempts=%s%n",
          delivered.size(), proxy.calls().get("sns"));
    }
  }

  // ---- the policy document unreadable for a moment ----------------------------------------------

  /**
   * The account turned SC002 off; the first read of its policy document is throttled past the SDK's
   * retries. The event must not be judged under the code defaults (an SC002 alert the account
   * turned off) nor raise an operational "policy document ignored" alert: the invocation fails and
   * Lambda's retry reads the document. No message at all.
   */
  @Test
  void policyReadThrottled_isRetried_notJudgedUnderTheDefaults() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), 10)) {
      fleet.putPolicy("{\"rules\":{\"SC002\":\"off\"}}");
      proxy.injectNext(
          c -> c.is("dynamodb", "GetItem") && c.body().contains("{\"S\":\"policy\"}"),
          Kind.THROTTLE,
          3);
      ServiceChangeHandler handler =
          new ServiceChangeHandler(fleet.guard(clients(proxy, new AttemptCounter()), false));
      byte[] event = Fleet.withEventId(fleet.localize(NO_APP_PROTOCOL), "policy-throttled-1");

      List<Invocation> invocations = new ArrayList<>();
      for (int attempt = 1; attempt <= 3; attempt++) {
        Invocation invocation = invoke(handler, event);
        invocations.add(invocation);
        if (invocation.error() == null) {
          break;
        }
      }

      assertEquals(3, proxy.injected("dynamodb", Kind.THROTTLE));
      List<JsonNode> delivered = fleet.delivered(0, QUIET);
      assertEquals(
          List.of(),
          delivered.stream()
              .map(m -> m.at("/MessageAttributes/kind/Value").asText() + " " + m.get("Subject"))
              .toList(),
          "SC002 is off and the document is fine: nothing to send");
      assertEquals(2, invocations.size(), "the throttled read failed the first invocation");
      assertTrue(
          invocations
              .getLast()
              .reply()
              .path("findings")
              .get(0)
              .path("verdict")
              .asText()
              .equals("off"),
          invocations.getLast().reply().toString());
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static AwsClients clients(FaultProxy proxy, AttemptCounter attempts) {
    return AwsClients.create(Emulator.REGION, proxy.endpoint(), List.of(attempts));
  }

  private static Instant soon() {
    return Instant.now().plus(Duration.ofMinutes(2));
  }

  private Map<String, AttributeValue> ledgerItem(Fleet fleet, String id) {
    return direct
        .dynamoDb()
        .getItem(
            r ->
                r.tableName(fleet.ledgerTable)
                    .key(Map.of("id", AttributeValue.builder().s(id).build()))
                    .consistentRead(true))
        .item();
  }

  static JsonNode template() throws IOException {
    // The short-form tags (!Ref, !GetAtt) are dropped by the plain reader; their values stay.
    return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
  }

  static JsonNode serviceChangeFunction() throws IOException {
    return template().at("/Resources/ServiceChangeFunction/Properties");
  }

  /** One invocation of the handler: its reply, or the error Lambda would see. */
  record Invocation(JsonNode reply, Throwable error) {}

  static Invocation invoke(ServiceChangeHandler handler, byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      // Lambda gets the namespace from POWERTOOLS_METRICS_NAMESPACE (template.yaml's Globals).
      // Outside Lambda the EMF library sends metrics to an agent, not to stdout: not read here.
      software.amazon.lambda.powertools.metrics.MetricsFactory.getMetricsInstance()
          .setNamespace("EcsGuardrail");
      handler.handleRequest(
          new ByteArrayInputStream(event), out, Invocations.of("service-change", 60_000));
      return new Invocation(StrictJson.parse(out.toByteArray(), "reply"), null);
    } catch (RuntimeException e) {
      return new Invocation(null, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
