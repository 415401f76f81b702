package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.SecurityHubGateway;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.it.FaultProxy.Kind;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.securityhub.HubAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * A burst of service events through the {@link ServiceChangeGuard} (as {@link Fleet#guard} builds
 * it) with a tenth of its AWS calls faulted by the {@link FaultProxy}: throttling, 5xx, slow
 * answers and dropped connections on ECS, Cloud Map, DynamoDB and SNS. Every sample event of {@code
 * events/} in turn, each under its own CloudTrail event id, and a tenth of the deliveries again
 * (EventBridge delivers at least once).
 *
 * <p>Lambda's asynchronous invocation is modelled: an invocation that throws is retried later (the
 * event goes to the back of the queue) up to the template's {@code MaximumRetryAttempts}, then the
 * event is dead-lettered. Every delivery is accounted for: notified, needing no notification (the
 * guard's result says so), a duplicate, or dead-lettered; and every event is delivered by SNS to
 * the fleet's SQS subscriber exactly once if it was notified, never if not.
 *
 * <p>{@code -Dburst.events=N} (default 1000), {@code -Dburst.faults=0.10}, {@code -Dburst.seed=8},
 * {@code -Dburst.environments=E}: E execution environments (clients, caches, guard) work the queue
 * at once, each through its own proxy seeded from the seed.
 */
@ExtendWith(EmptyEmulator.class)
class BurstIT {

  /** The services the guard calls; CloudWatch it does not. */
  private static final List<String> SERVICES =
      List.of("ecs", "servicediscovery", "dynamodb", "sns", "securityhub");

  /**
   * Security Hub is on for the burst, in a Region of its own (moto keeps one Security Hub per
   * Region), so no other test's findings mix with the burst's.
   */
  private static final String HUB_REGION = "ap-southeast-2";

  private record Delivery(int seq, String eventId, Path file, byte[] bytes, boolean redelivery) {}

  private enum Fate {
    NOTIFIED,
    NO_NOTIFICATION,
    DUPLICATE,
    DEAD_LETTERED
  }

  /** What happened to one delivery, and the decision when the guard made one. */
  private record Handled(Delivery delivery, Fate fate, Decision decision, List<String> errors) {}

  /**
   * Everything one burst showed, kept for the scenarios below: the burst runs once (it is the
   * suite's longest part), each test checks one property of it.
   */
  private record Burst(
      List<Delivery> deliveries,
      List<Handled> handled,
      long lost,
      long twice,
      Map<String, Integer> messages,
      Map<String, Integer> notifyingDeliveries,
      Set<String> notifiedIds,
      Set<String> deadIds,
      Set<String> inProgress,
      Map<String, Integer> otherKinds,
      HubAccount hub,
      Set<String> hubFailureEvents,
      List<String> hubFindings,
      long injectedTotal) {}

  private static Burst burst;

  @BeforeAll
  static void burst() throws IOException {
    int total = Integer.getInteger("burst.events", 1000);
    double faults = Double.parseDouble(System.getProperty("burst.faults", "0.10"));
    long seed = Long.getLong("burst.seed", 8);
    int environments = Integer.getInteger("burst.environments", 16);
    // The faults' mix: 40 % throttling, 30 % 5xx, 15 % dropped connections, 15 % slow answers;
    // -Dburst.kinds=THROTTLE,SLOW keeps only those (in the same proportions).
    Map<Kind, Double> mix = new EnumMap<>(Kind.class);
    mix.put(Kind.THROTTLE, 0.4);
    mix.put(Kind.SERVER_ERROR, 0.3);
    mix.put(Kind.DROP, 0.15);
    mix.put(Kind.SLOW, 0.15);
    String only = System.getProperty("burst.kinds", "");
    if (!only.isBlank()) {
      Set<Kind> kept = new HashSet<>();
      for (String k : only.split(",")) {
        kept.add(Kind.valueOf(k.strip()));
      }
      mix.keySet().retainAll(kept);
      double sum = mix.values().stream().mapToDouble(Double::doubleValue).sum();
      mix.replaceAll((k, part) -> part / sum);
    }
    int maxAttempts =
        1 + FaultsIT.serviceChangeFunction().at("/EventInvokeConfig/MaximumRetryAttempts").asInt();

    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      List<Delivery> deliveries = deliveries(fleet, total, new Random(seed));
      List<FaultProxy> proxies = new ArrayList<>();
      // One counter for every environment's clients: the SDK's retries over the whole burst.
      AttemptCounter counter = new AttemptCounter();
      List<Deque<Delivery>> queues = new ArrayList<>();
      List<ServiceChangeGuard> guards = new ArrayList<>();
      for (int e = 0; e < environments; e++) {
        FaultProxy proxy = FaultProxy.start(Emulator.endpoint(), seed * 31 + e);
        for (String service : SERVICES) {
          mix.forEach((kind, part) -> proxy.inject(service, kind, faults * part));
        }
        proxies.add(proxy);
        AwsClients faulted = FaultsIT.clients(proxy, counter);
        guards.add(
            fleet.guard(
                faulted,
                faulted.sns(),
                false,
                new SecurityHubPublisher(
                    new SecurityHubGateway(
                        // Signed REST calls: the fault proxy sees them, the SDK counter does not.
                        AwsClients.create(HUB_REGION, proxy.endpoint(), List.of()).securityHub()),
                    new HubAccount(fleet.account, HUB_REGION),
                    new SnsTopicGateway(faulted.sns(), fleet.topicArn),
                    Clock.systemUTC())));
        queues.add(new ArrayDeque<>());
      }
      // EventBridge spreads the events over the environments (here: in turn).
      for (Delivery d : deliveries) {
        queues.get(d.seq() % environments).add(d);
      }

      long started = System.nanoTime();
      List<Handled> handled = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(environments)) {
        List<Future<List<Handled>>> futures = new ArrayList<>();
        for (int e = 0; e < environments; e++) {
          ServiceChangeGuard guard = guards.get(e);
          Deque<Delivery> queue = queues.get(e);
          futures.add(pool.submit((Callable<List<Handled>>) () -> work(guard, queue, maxAttempts)));
        }
        for (Future<List<Handled>> f : futures) {
          handled.addAll(f.get());
        }
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      } finally {
        proxies.forEach(FaultProxy::close);
      }
      double seconds = (System.nanoTime() - started) / 1e9;

      // ---- every delivery accounted for
      Map<Fate, Long> fates = new TreeMap<>();
      handled.forEach(h -> fates.merge(h.fate(), 1L, Long::sum));
      long notified = fates.getOrDefault(Fate.NOTIFIED, 0L);
      long none = fates.getOrDefault(Fate.NO_NOTIFICATION, 0L);
      long duplicates = fates.getOrDefault(Fate.DUPLICATE, 0L);
      long deadLettered = fates.getOrDefault(Fate.DEAD_LETTERED, 0L);
      long lost = deliveries.size() - (notified + none + duplicates + deadLettered);

      // ---- what SNS delivered, by event id
      Map<String, Integer> messages = new TreeMap<>();
      Map<String, Integer> otherKinds = new TreeMap<>();
      // A Security Hub import that failed after the alert is reported on the same topic.
      Set<String> hubFailureEvents = new TreeSet<>();
      List<JsonNode> envelopes = fleet.delivered((int) notified, Duration.ofSeconds(60));
      for (JsonNode envelope : envelopes) {
        String kind = envelope.at("/MessageAttributes/kind/Value").asText();
        String message = envelope.path("Message").asText();
        if (kind.equals("service-change")) {
          messages.merge(envelope.at("/MessageAttributes/eventId/Value").asText(), 1, Integer::sum);
        } else if (message.contains("Security Hub import failed")) {
          Matcher m = Pattern.compile("After evaluating (\\S+):").matcher(message);
          hubFailureEvents.add(m.find() ? m.group(1) : message);
        } else {
          otherKinds.merge(kind, 1, Integer::sum);
        }
      }
      Set<String> notifiedIds = new TreeSet<>();
      Map<String, Integer> notifyingDeliveries = new HashMap<>();
      for (Handled h : handled) {
        if (h.fate() == Fate.NOTIFIED) {
          notifiedIds.add(h.delivery().eventId());
          notifyingDeliveries.merge(h.delivery().eventId(), 1, Integer::sum);
        }
      }
      Set<String> deadIds = new TreeSet<>();
      handled.stream()
          .filter(h -> h.fate() == Fate.DEAD_LETTERED)
          .forEach(h -> deadIds.add(h.delivery().eventId()));
      long twice = messages.values().stream().filter(n -> n > 1).count();

      // ---- the ledger afterwards: claims never recorded DONE (given back, or DONE that failed)
      Set<String> inProgress = new TreeSet<>();
      AwsClients direct = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
      direct
          .dynamoDb()
          .scanPaginator(r -> r.tableName(fleet.ledgerTable).consistentRead(true))
          .items()
          .forEach(
              item -> {
                if (item.containsKey("status") && !"DONE".equals(item.get("status").s())) {
                  inProgress.add(item.get("id").s().replaceFirst("^event#(api|event):", ""));
                }
              });

      // ---- what Security Hub holds: every finding, as "rule resource"
      List<String> hubFindings = new ArrayList<>();
      try (SecurityHubClient hub =
          SecurityHubClient.builder()
              .region(Region.of(HUB_REGION))
              .endpointOverride(Emulator.endpoint())
              .httpClient(UrlConnectionHttpClient.create())
              .build()) {
        hub.getFindingsPaginator(r -> r.maxResults(100))
            .findings()
            .forEach(
                f ->
                    hubFindings.add(
                        f.generatorId().substring(HubAccount.GENERATOR_PREFIX.length())
                            + " "
                            + f.resources().getFirst().id()));
      }

      // ---- report
      Map<String, Long> errors = new TreeMap<>();
      handled.stream()
          .flatMap(h -> h.errors().stream())
          .forEach(e -> errors.merge(e, 1L, Long::sum));
      long executions = counter.executions();
      long sdkAttempts = counter.attempts();
      long failedCalls = counter.failures();
      long invocations =
          handled.stream().mapToLong(h -> 1 + h.errors().size()).sum()
              - handled.stream().filter(h -> h.fate() == Fate.DEAD_LETTERED).count();
      Map<String, Map<Kind, Long>> injected = new TreeMap<>();
      for (FaultProxy p : proxies) {
        p.injected()
            .forEach(
                (service, kinds) ->
                    kinds.forEach(
                        (k, n) ->
                            injected
                                .computeIfAbsent(service, s -> new EnumMap<>(Kind.class))
                                .merge(k, n, Long::sum)));
      }
      Map<String, Long> calls = new TreeMap<>();
      proxies.forEach(p -> p.calls().forEach((s, n) -> calls.merge(s, n, Long::sum)));
      System.out.printf(
          "MEASURE burst sent=%d distinct_events=%d notified=%d no_notification=%d duplicates=%d"
              + " dead_lettered=%d lost=%d sns_messages=%d events_notified_twice=%d"
              + " other_messages=%s ledger_not_done=%d%n",
          deliveries.size(),
          deliveries.stream().map(Delivery::eventId).distinct().count(),
          notified,
          none,
          duplicates,
          deadLettered,
          lost,
          envelopes.size(),
          twice,
          otherKinds,
          inProgress.size());
      System.out.println("MEASURE burst_mix faults=" + faults + " of calls, " + mix);
      System.out.printf(
          "MEASURE burst_security_hub findings=%d import_failures_reported=%d%n",
          hubFindings.size(), hubFailureEvents.size());
      System.out.printf(
          "MEASURE burst_time environments=%d seconds=%.1f events_per_second=%.1f invocations=%d"
              + " lambda_retries=%d sdk_executions=%d sdk_attempts=%d sdk_retries=%d"
              + " sdk_failed_calls=%d%n",
          environments,
          seconds,
          deliveries.size() / seconds,
          invocations,
          invocations - deliveries.size(),
          executions,
          sdkAttempts,
          sdkAttempts - executions,
          failedCalls);
      System.out.println("MEASURE burst_injected calls=" + calls + " faults=" + injected);
      System.out.println("MEASURE burst_invocation_errors " + errors);
      System.out.print("BURST sdk\n" + counter.report());
      System.out.println("BURST failed calls " + counter.failedOperations());
      System.out.println("BURST dead-lettered " + deadIds);
      System.out.println("BURST not recorded DONE in the ledger " + inProgress);
      handled.stream()
          .filter(h -> !h.errors().isEmpty())
          .forEach(
              h ->
                  System.out.println(
                      "BURST retried "
                          + h.delivery().eventId()
                          + (h.delivery().redelivery() ? " (redelivery)" : "")
                          + " "
                          + h.errors()
                          + " -> "
                          + h.fate()
                          + " sns_messages="
                          + messages.getOrDefault(h.delivery().eventId(), 0)));
      long injectedTotal =
          injected.values().stream().flatMap(m -> m.values().stream()).mapToLong(n -> n).sum();
      burst =
          new Burst(
              deliveries,
              handled,
              lost,
              twice,
              messages,
              notifyingDeliveries,
              notifiedIds,
              deadIds,
              inProgress,
              otherKinds,
              new HubAccount(fleet.account, HUB_REGION),
              hubFailureEvents,
              hubFindings,
              injectedTotal);
    }
  }

  @Test
  void everyDelivery_isNotifiedOnceOrDeadLettered_noneLost() {
    assertEquals(0, burst.lost(), "every delivery accounted for");
    assertEquals(burst.deliveries().size(), burst.handled().size());
  }

  @Test
  void everyEvent_isNotifiedAtMostOnce_andSnsDeliveredExactlyTheNotifiedEvents() {
    assertEquals(0, burst.twice(), "events notified more than once: " + over(burst.messages()));
    assertEquals(
        Map.of(),
        over(burst.notifyingDeliveries()),
        "events whose notifying decision was made more than once");
    assertEquals(
        burst.notifiedIds(),
        burst.messages().keySet(),
        "SNS delivered exactly the notified events");
  }

  /**
   * What the ledger did not record as done was dead-lettered, or handled by an invocation whose
   * last step, recording it, failed (and, if it notified, it did so once: above).
   */
  @Test
  void whatTheLedgerDidNotRecordDone_wasDeadLetteredOrDecided() {
    Set<String> decided = new TreeSet<>();
    burst.handled().stream()
        .filter(h -> h.decision() != null)
        .forEach(h -> decided.add(h.delivery().eventId()));
    for (String id : burst.inProgress()) {
      assertTrue(
          burst.deadIds().contains(id) || decided.contains(id), id + " neither decided nor dead");
    }
  }

  /** A fault never changes what an event is found to be: a decision has the sample's findings. */
  @Test
  void faults_neverChangeTheFindings_norRaiseOperationalAlerts() {
    assertTrue(burst.injectedTotal() > 0, "faults were injected");
    assertEquals(
        Map.of(), burst.otherKinds(), "no operational alerts: the faults are not the policy's");
    for (Handled h : burst.handled()) {
      if (h.decision() != null) {
        assertEquals(
            Expected.ruleIds(h.delivery().file()),
            h.decision().evaluation().findings().stream().map(Finding::ruleId).toList(),
            h.delivery().eventId() + " " + h.delivery().file().getFileName());
      }
    }
  }

  /**
   * Security Hub on: one finding per rule and resource however often the resource was evaluated,
   * and every finding a decision alerted is there, unless its import failure was reported.
   */
  @Test
  void securityHub_holdsOneFindingPerRuleAndResource_noneLostUnreported() {
    Set<String> distinct = new TreeSet<>(burst.hubFindings());
    assertEquals(distinct.size(), burst.hubFindings().size(), "no duplicated finding");
    HubAccount hub = burst.hub();
    int checked = 0;
    for (Handled h : burst.handled()) {
      if (h.decision() == null || burst.hubFailureEvents().contains(h.delivery().eventId())) {
        continue;
      }
      for (Verdict v : h.decision().alerted()) {
        Finding f = v.finding();
        if (!f.rejectedByEcs() && !"EV001".equals(f.ruleId())) {
          checked++;
          String key = f.ruleId() + " " + hub.resourceArn(f.resource());
          assertTrue(distinct.contains(key), h.delivery().eventId() + ": " + key + " lost");
        }
      }
    }
    assertTrue(checked > 0, "the burst alerted findings");
  }

  /** One execution environment working its queue; a failed invocation goes back to the end. */
  private static List<Handled> work(
      ServiceChangeGuard guard, Deque<Delivery> queue, int maxAttempts) {
    List<Handled> done = new ArrayList<>();
    Map<Delivery, List<String>> errors = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      Delivery d = queue.poll();
      List<String> failed = errors.computeIfAbsent(d, x -> new ArrayList<>());
      try {
        ServiceChangeGuard.Result result = guard.handle(d.bytes());
        Fate fate =
            result.duplicate()
                ? Fate.DUPLICATE
                : result.decision().worthNotifying() ? Fate.NOTIFIED : Fate.NO_NOTIFICATION;
        done.add(new Handled(d, fate, result.decision(), List.copyOf(failed)));
      } catch (RuntimeException e) {
        failed.add(describe(e));
        if (failed.size() < maxAttempts) {
          queue.addLast(d); // Lambda retries the invocation later
        } else {
          done.add(new Handled(d, Fate.DEAD_LETTERED, null, List.copyOf(failed)));
        }
      }
    }
    return done;
  }

  /**
   * {@code total} deliveries: every sample event in turn under a new event id, and a tenth of them
   * a second delivery of an earlier event, somewhere after it.
   */
  private static List<Delivery> deliveries(Fleet fleet, int total, Random random) {
    List<Path> files = Project.events();
    Map<Path, byte[]> localized = new HashMap<>();
    files.forEach(f -> localized.put(f, fleet.localize(f)));
    int redeliveries = total / 10;
    List<Delivery> sequence = new ArrayList<>();
    for (int i = 0; i < total - redeliveries; i++) {
      Path file = files.get(i % files.size());
      String id = String.format("burst-%04d", i);
      sequence.add(new Delivery(0, id, file, withId(localized.get(file), id), false));
    }
    for (int i = 0; i < redeliveries; i++) {
      Delivery original = sequence.get(random.nextInt(total - redeliveries));
      int after = sequence.indexOf(original) + 1;
      int at = after + random.nextInt(sequence.size() - after + 1);
      sequence.add(
          at, new Delivery(0, original.eventId(), original.file(), original.bytes(), true));
    }
    List<Delivery> numbered = new ArrayList<>();
    for (int i = 0; i < sequence.size(); i++) {
      Delivery d = sequence.get(i);
      numbered.add(new Delivery(i, d.eventId(), d.file(), d.bytes(), d.redelivery()));
    }
    return numbered;
  }

  /** The event under another id: CloudTrail's {@code eventID}, or the envelope's without detail. */
  private static byte[] withId(byte[] event, String id) {
    try {
      ObjectNode envelope = (ObjectNode) StrictJson.MAPPER.readTree(event);
      if (envelope.get("detail") instanceof ObjectNode) {
        return Fleet.withEventId(event, id);
      }
      envelope.put("id", id);
      return StrictJson.MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exception and where in the product it was raised: {@code DynamoDbException@complete}. */
  private static String describe(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.ecsguardrail.")
          && !frame.getClassName().startsWith("dev.ecsguardrail.it.")) {
        String type = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
        return e.getClass().getSimpleName() + "@" + type + "." + frame.getMethodName();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static Map<String, Integer> over(Map<String, Integer> counts) {
    Map<String, Integer> over = new TreeMap<>();
    counts.forEach(
        (id, n) -> {
          if (n > 1) {
            over.put(id, n);
          }
        });
    return over;
  }
}
