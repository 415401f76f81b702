package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.CloudMapSeed.deletionEvent;
import static dev.ecsguardrail.it.SqsEvents.batch;
import static dev.ecsguardrail.it.SqsEvents.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.it.FunctionEnvironments.FunctionAccount;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold starts and warm latency of every event-driven function, against a bare Java handler as the
 * floor: each function of template.yaml ({@link FunctionEnvironments}) starts N times as a fresh
 * process under the runtime interface emulator ({@link LambdaRuntime}) and handles one realistic
 * event (init duration from the emulator's INIT REPORT, first invoke from its Duration), then one
 * warm process handles W events. The floor ({@link FloorHandler}) runs the same way, with the same
 * JVM flags, from a jar of that one class; so does the stack's floor ({@link StackFloorHandler}: a
 * parse, one DynamoDB read and one log line, from the shaded jar), the least any function on these
 * libraries costs; the ratio to it is what our own code adds. The cold starts are interleaved
 * (round i starts every function once), so the machine's drift spreads evenly. Against moto, with a
 * small fleet seeded in the account aws-lambda-rie names: {@link Fleet}, a gRPC service with a
 * proxy memory metric, a namespace a deleted cluster left behind. Before each cold start and each
 * warm process the ledger is emptied and the reconcile's alarms deleted, so each first event does
 * the function's work.
 *
 * <p>Also counts the AWS reads (Describe/Get/List) per service-change event, in-process ({@link
 * CallCounter}), over every file of {@code events/}, and times the warm service-change path
 * in-process without the emulator's answer time ({@link TransmissionTime}). With {@code --aot}
 * every target, the floor too, starts from a Java 25 AOT cache of its own cold start. A program,
 * not a test: the numbers are quoted, never asserted. Run: bench/run [--quick] [--cold N] [--warm
 * N] [--aot].
 */
public final class LambdaBenchmark {

  private static final Path REPORT = Project.ROOT.resolve("tests/target/bench-run.json");
  private static final Path FLOOR_JAR = Project.ROOT.resolve("tests/target/bench-floor.jar");
  private static final Path STACK_FLOOR_JAR =
      Project.ROOT.resolve("tests/target/bench-stack-floor.jar");
  private static final Path AOT_CACHES = Project.ROOT.resolve("tests/target/bench-aot");
  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final String ALARM_PREFIX = "ecs-guardrail-sidecar-memory-";
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private LambdaBenchmark() {}

  /**
   * One function measured.
   *
   * @param code the classpath entry of its code: the shaded jar, or the floor's jar
   * @param coldEvent the event of cold start {@code i}
   * @param warmEvent the event {@code j} of the warm process ({@code 0}: its cold start, not timed)
   * @param outcome what a reply says was done (duplicate, evaluated, ...)
   * @param warmEvents what the timed warm events are, in words
   */
  private record Target(
      String label,
      Path code,
      String handler,
      Map<String, String> environment,
      IntFunction<byte[]> coldEvent,
      IntFunction<byte[]> warmEvent,
      java.util.function.Function<JsonNode, String> outcome,
      String warmEvents) {}

  /** What was measured of one target. */
  private static final class Measure {
    final List<Double> init = new ArrayList<>();
    final List<Double> firstInvoke = new ArrayList<>();
    final List<Double> initPlusFirst = new ArrayList<>();
    final List<Double> warm = new ArrayList<>();
    final Map<String, Integer> coldOutcomes = new TreeMap<>();
    final Map<String, Integer> warmOutcomes = new TreeMap<>();
    int coldPublished;
    int warmPublished;
  }

  public static void main(String[] args) throws Exception {
    int coldStarts = 10;
    int warmEvents = 1000;
    boolean aot = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          coldStarts = 3;
          warmEvents = 200;
        }
        case "--cold" -> coldStarts = positive(args, ++i);
        case "--warm" -> warmEvents = positive(args, ++i);
        case "--aot" -> aot = true;
        default -> usage("unknown argument " + args[i]);
      }
    }
    BenchJars.withClasses(FLOOR_JAR, null, FloorHandler.class);
    BenchJars.withClasses(STACK_FLOOR_JAR, Project.SHADED_JAR, StackFloorHandler.class);
    try (FunctionAccount account = FunctionAccount.assume();
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      AwsClients clients = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
      Legacy legacy = seed(fleet, clients);
      Reads reads = serviceChangeReads(fleet);
      // The CreateService sample about a service that exists, as after a real CreateService (its
      // tags are readable; a missing service costs a failed call and its exceptions per event).
      byte[] serviceEvent =
          fleet.pointAtService(
              fleet.localize(Project.EVENTS.resolve("create-service-sc-no-app-protocol.json")),
              fleet.createService("prod", "payments", "payments-tcp", 1));
      fleet.delivered(0, DRAIN);
      OwnTime ownWarm = serviceChangeOwnTime(fleet, serviceEvent, warmEvents);
      // Its 2W alerts, so the floors' cold starts count none of them.
      fleet.discardDelivered();
      List<Target> targets = targets(fleet, account, legacy, serviceEvent);
      Map<String, Measure> measures = new java.util.LinkedHashMap<>();
      targets.forEach(t -> measures.put(t.label(), new Measure()));
      Map<String, List<String>> jvmFlags = new TreeMap<>();
      for (Target t : targets) {
        reset(fleet, clients);
        jvmFlags.put(t.label(), aot ? List.of("-XX:AOTCache=" + aotCache(t)) : List.of());
      }
      fleet.delivered(0, DRAIN);

      for (int i = 0; i < coldStarts; i++) {
        for (Target t : targets) {
          Measure m = measures.get(t.label());
          reset(fleet, clients);
          try (LambdaRuntime lambda = runtime(t, jvmFlags)) {
            JsonNode reply = reply(t, lambda, lambda.invoke(t.coldEvent().apply(i)));
            m.coldOutcomes.merge(t.outcome().apply(reply), 1, Integer::sum);
            double init = lambda.initDurationMs();
            double first = lambda.durationsMs().getFirst();
            m.init.add(init);
            m.firstInvoke.add(first);
            m.initPlusFirst.add(init + first);
            System.err.printf(
                "cold start %d/%d %s: init %.0f ms, first invoke %.0f ms%n",
                i + 1, coldStarts, t.label(), init, first);
          }
          m.coldPublished += fleet.delivered(0, DRAIN).size();
        }
      }

      for (Target t : targets) {
        Measure m = measures.get(t.label());
        reset(fleet, clients);
        try (LambdaRuntime lambda = runtime(t, jvmFlags)) {
          reply(t, lambda, lambda.invoke(t.warmEvent().apply(0)));
          fleet.delivered(0, DRAIN);
          for (int j = 1; j <= warmEvents; j++) {
            JsonNode reply = reply(t, lambda, lambda.invoke(t.warmEvent().apply(j)));
            m.warmOutcomes.merge(t.outcome().apply(reply), 1, Integer::sum);
          }
          List<Double> durations = lambda.durationsMs();
          if (durations.size() != warmEvents + 1) {
            throw new IllegalStateException(
                t.label() + ": " + durations.size() + " Duration lines for " + (warmEvents + 1));
          }
          m.warm.addAll(durations.subList(1, warmEvents + 1));
          System.err.printf(
              "warm %s: %d events, p50 %.1f ms%n", t.label(), warmEvents, percentile(m.warm, 50));
        }
        m.warmPublished = fleet.delivered(0, DRAIN).size();
      }
      report(targets, measures, reads, ownWarm, aot, coldStarts, warmEvents);
      reset(fleet, clients);
    }
  }

  // ---- the functions
  // -----------------------------------------------------------------------------

  private static List<Target> targets(
      Fleet fleet, FunctionAccount account, Legacy legacy, byte[] serviceEvent) {
    Map<String, String> credentials = account.environment();
    byte[] deletion =
        batch(message("m-bench", deletionEvent(fleet, legacy, "evt-bench")))
            .getBytes(StandardCharsets.UTF_8);
    byte[] alarm = read(Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json"));
    // The request names payments-tcp by ARN: the hook reads the fleet's revision from ECS.
    byte[] hook =
        new String(
                read(Project.EVENTS.resolve("hook/create-service-no-app-protocol.json")),
                StandardCharsets.UTF_8)
            .replace(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/payments-tcp:3",
                fleet.taskDefinitionArn("payments-tcp"))
            .getBytes(StandardCharsets.UTF_8);
    List<Target> targets = new ArrayList<>();
    targets.add(
        new Target(
            "floor",
            FLOOR_JAR,
            FloorHandler.class.getName() + "::handleRequest",
            FunctionEnvironments.lambdaEnvironment("ecs-guardrail-floor", 30),
            i -> serviceEvent,
            j -> serviceEvent,
            reply -> "echoed",
            "echoes (the service-change event copied back, no AWS call)"));
    targets.add(
        new Target(
            "stack-floor",
            STACK_FLOOR_JAR,
            StackFloorHandler.class.getName() + "::handleRequest",
            FunctionEnvironments.environment(Function.SERVICE_CHANGE, fleet, credentials),
            i -> serviceEvent,
            j -> Fleet.withEventId(serviceEvent, "warm-" + j),
            reply -> reply.path("found").asBoolean() ? "found" : "not-found",
            "one GetItem each (parse, one DynamoDB read, one log line)"));
    targets.add(
        target(
            Function.SERVICE_CHANGE,
            fleet,
            credentials,
            i -> serviceEvent,
            // A new event id each time: a redelivery would only measure the duplicate check.
            j -> Fleet.withEventId(serviceEvent, "warm-" + j),
            reply -> reply.path("duplicate").asBoolean() ? "duplicate" : "evaluated",
            "new events (create-service-sc-no-app-protocol, a new CloudTrail event id each)"));
    targets.add(
        target(
            Function.CLUSTER_DELETION,
            fleet,
            credentials,
            i -> deletion,
            j -> deletion,
            reply -> reply.path("batchItemFailures").isEmpty() ? "handled" : "failed",
            "duplicates (the same SQS message again: the ledger claim fails before any check)"));
    targets.add(
        target(
            Function.DIGEST,
            fleet,
            credentials,
            i -> EMPTY,
            j -> EMPTY,
            reply ->
                reply.path("duplicate").asBoolean()
                    ? "duplicate"
                    : reply.path("sent").asBoolean() ? "sent" : "not-sent",
            "duplicates (the same ISO week: the ledger claim fails before the sweep)"));
    targets.add(
        target(
            Function.ALARM_RECONCILE,
            fleet,
            credentials,
            i -> EMPTY,
            j -> EMPTY,
            reply ->
                !reply.path("created").isEmpty()
                    ? "created"
                    : !reply.path("updated").isEmpty() || !reply.path("deleted").isEmpty()
                        ? "changed"
                        : "unchanged",
            "no-ops (a whole reconcile each time; the alarm exists, so nothing changes)"));
    targets.add(
        target(
            Function.SIDECAR_ALARM,
            fleet,
            credentials,
            i -> alarm,
            j -> alarm,
            reply -> reply.path("result").asText("?"),
            "duplicates (the same alarm event id: the ledger claim fails)"));
    targets.add(
        target(
            Function.HOOK,
            fleet,
            credentials,
            i -> hook,
            j -> hook,
            reply -> reply.path("errorCode").asText(reply.path("hookStatus").asText("?")),
            "the same request (no ledger: each is judged again, its task definition read from ECS)"));
    return targets;
  }

  private static Target target(
      Function function,
      Fleet fleet,
      Map<String, String> credentials,
      IntFunction<byte[]> coldEvent,
      IntFunction<byte[]> warmEvent,
      java.util.function.Function<JsonNode, String> outcome,
      String warmEvents) {
    return new Target(
        function.label,
        Project.SHADED_JAR,
        function.handler,
        FunctionEnvironments.environment(function, fleet, credentials),
        coldEvent,
        warmEvent,
        outcome,
        warmEvents);
  }

  private static LambdaRuntime runtime(Target t, Map<String, List<String>> jvmFlags)
      throws IOException {
    return new LambdaRuntime(t.code(), t.handler(), t.environment(), jvmFlags.get(t.label()));
  }

  /**
   * A Java 25 AOT cache of the target's cold start (classes loaded and linked ahead of time): one
   * training process handles the first cold event, and its JVM writes the cache as it exits.
   */
  private static Path aotCache(Target t) throws IOException, InterruptedException {
    Path cache = AOT_CACHES.resolve(t.label() + ".aot");
    Files.createDirectories(AOT_CACHES);
    Files.deleteIfExists(cache);
    try (LambdaRuntime lambda =
        new LambdaRuntime(
            t.code(), t.handler(), t.environment(), List.of("-XX:AOTCacheOutput=" + cache))) {
      reply(t, lambda, lambda.invoke(t.coldEvent().apply(0)));
      lambda.stopRuntime(Duration.ofMinutes(2));
    }
    if (!Files.isRegularFile(cache)) {
      throw new IllegalStateException(t.label() + ": the training run wrote no AOT cache " + cache);
    }
    System.err.printf("AOT cache %s: %.1f MB%n", t.label(), Files.size(cache) / 1048576.0);
    return cache;
  }

  /** The reply as JSON; a function error stops the run (its duration would measure the error). */
  private static JsonNode reply(Target target, LambdaRuntime lambda, String body)
      throws IOException {
    JsonNode reply = StrictJson.treeOrNull(body.getBytes(StandardCharsets.UTF_8));
    if (reply == null || !reply.isObject() || reply.has("errorType")) {
      throw new IllegalStateException(
          target.label() + " answered " + body + "\n" + tail(lambda.log()));
    }
    return reply;
  }

  private static String tail(String log) {
    return log.substring(Math.max(0, log.length() - 4000));
  }

  // ---- the account
  // -------------------------------------------------------------------------------

  /**
   * The fleet, a gRPC service whose proxy reports its memory (the reconcile creates its alarm), and
   * a namespace a deleted cluster left behind (the digest and the DeleteCluster check report it).
   */
  private static Legacy seed(Fleet fleet, AwsClients clients) {
    Legacy legacy = new CloudMapSeed(clients).legacy();
    fleet.createService("prod", "orders", "orders-grpc", 2);
    clients
        .cloudWatch()
        .putMetricData(
            r ->
                r.namespace(SidecarAlarm.NAMESPACE)
                    .metricData(
                        ProxyMetrics.proxyMemory(
                            Fleet.PREFIX + "prod", "orders", "ecs-service-connect-oRK9o", 41.5)));
    return legacy;
  }

  /** Every event new again: the ledger emptied, the reconcile's alarms deleted. */
  private static void reset(Fleet fleet, AwsClients clients) {
    var dynamoDb = clients.dynamoDb();
    for (Map<String, AttributeValue> item :
        dynamoDb.scanPaginator(r -> r.tableName(fleet.ledgerTable).attributesToGet("id")).items()) {
      dynamoDb.deleteItem(r -> r.tableName(fleet.ledgerTable).key(Map.of("id", item.get("id"))));
    }
    List<String> alarms =
        clients
            .cloudWatch()
            .describeAlarmsPaginator(r -> r.alarmNamePrefix(ALARM_PREFIX))
            .metricAlarms()
            .stream()
            .map(MetricAlarm::alarmName)
            .toList();
    if (!alarms.isEmpty()) {
      clients.cloudWatch().deleteAlarms(r -> r.alarmNames(alarms));
    }
  }

  /** AWS reads per service-change event, in-process, over every sample event (as AlertsIT). */
  private record Reads(int events, long reads, Map<String, Integer> byOperation) {
    double perEvent() {
      return (double) reads / events;
    }
  }

  private static Reads serviceChangeReads(Fleet fleet) {
    CallCounter calls = new CallCounter();
    ServiceChangeGuard guard =
        fleet.guard(AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls)), false);
    List<Path> events = Project.events();
    for (Path event : events) {
      guard.handle(fleet.localize(event));
    }
    Map<String, Integer> byOperation = new TreeMap<>();
    calls.operations().forEach(op -> byOperation.merge(op, 1, Integer::sum));
    return new Reads(events.size(), calls.reads(), byOperation);
  }

  /** The warm service-change path in this process, per event, in ms. */
  private record OwnTime(List<Double> wallMinusWire, List<Double> cpu) {}

  /**
   * The warm service-change path without the emulator's answer time: in this process, the guard as
   * the Lambda builds it handles new events (a new CloudTrail event id each). Kept per event: its
   * duration minus the time its AWS calls spent on the wire ({@link TransmissionTime}), and the CPU
   * time of the handling thread (neither the wait for moto nor moto's own work on the same two
   * cores, which the first still contains). The first {@code events} events warm the JIT.
   */
  private static OwnTime serviceChangeOwnTime(Fleet fleet, byte[] event, int events) {
    TransmissionTime wire = new TransmissionTime();
    ServiceChangeGuard guard =
        fleet.guard(AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(wire)), false);
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    OwnTime own = new OwnTime(new ArrayList<>(), new ArrayList<>());
    // Two log lines per event would time the console, not the guard.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "dev.ecsguardrail", org.apache.logging.log4j.Level.WARN);
    for (int j = 0; j < 2 * events; j++) {
      byte[] next = Fleet.withEventId(event, "own-" + j);
      wire.take();
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      guard.handle(next);
      long elapsed = System.nanoTime() - start;
      if (j >= events) {
        own.wallMinusWire().add((elapsed - wire.take()) / 1e6);
        own.cpu().add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
      }
    }
    return own;
  }

  // ---- the report
  // --------------------------------------------------------------------------------

  private static void report(
      List<Target> targets,
      Map<String, Measure> measures,
      Reads reads,
      OwnTime ownWarm,
      boolean aot,
      int coldStarts,
      int warmEvents)
      throws IOException {
    Measure floor = measures.get("floor");
    double floorInit = percentile(floor.init, 50);
    double floorTotal = percentile(floor.initPlusFirst, 50);
    double stackFloorTotal = percentile(measures.get("stack-floor").initPlusFirst, 50);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode json = mapper.createObjectNode();
    String jvm = aot ? "c1+aot-cache" : "c1";
    json.put("cold_starts", coldStarts).put("warm_events", warmEvents).put("jvm", jvm);
    json.put(
        "reads_per_event_note",
        "AWS Describe/Get/List calls per service-change event, in-process, over "
            + reads.events()
            + " events/ files");
    json.putPOJO("service_change_calls_by_operation", reads.byOperation());
    ArrayNode results = json.putArray("results");
    List<String> lines = new ArrayList<>();
    for (Target t : targets) {
      Measure m = measures.get(t.label());
      boolean serviceChange = t.label().equals(Function.SERVICE_CHANGE.label);
      double jarMb = Files.size(t.code()) / 1048576.0;
      double ratio = percentile(m.initPlusFirst, 50) / floorTotal;
      double stackRatio = percentile(m.initPlusFirst, 50) / stackFloorTotal;
      String readsPerEvent = serviceChange ? String.format("%.2f", reads.perEvent()) : "na";
      String ownP99 =
          serviceChange ? String.format("%.2f", percentile(ownWarm.wallMinusWire(), 99)) : "na";
      System.out.printf(
          "EVENTS function=%s cold=%s cold_published=%d warm=%s warm_published=%d: %s%n",
          t.label(),
          counts(m.coldOutcomes),
          m.coldPublished,
          counts(m.warmOutcomes),
          m.warmPublished,
          t.warmEvents());
      if (serviceChange) {
        System.out.printf(
            "OWN function=%s in-process warm events=%d: wall minus wire p50 %.2f ms p99 %.2f ms;"
                + " thread CPU p50 %.2f ms p99 %.2f ms%n",
            t.label(),
            ownWarm.cpu().size(),
            percentile(ownWarm.wallMinusWire(), 50),
            percentile(ownWarm.wallMinusWire(), 99),
            percentile(ownWarm.cpu(), 50),
            percentile(ownWarm.cpu(), 99));
      }
      lines.add(
          String.format(
              "RESULT function=%s jar_mb=%s init_ms_median=%.0f first_invoke_ms_median=%.0f"
                  + " floor_init_ms_median=%.0f ratio_to_floor=%.2f ratio_to_stack_floor=%.2f"
                  + " warm_p50_ms=%.1f"
                  + " warm_p99_ms=%.1f reads_per_event=%s warm_p99_ms_excluding_aws=%s jvm=%s",
              t.label(),
              megabytes(jarMb),
              percentile(m.init, 50),
              percentile(m.firstInvoke, 50),
              floorInit,
              ratio,
              stackRatio,
              percentile(m.warm, 50),
              percentile(m.warm, 99),
              readsPerEvent,
              ownP99,
              jvm));
      ObjectNode r = results.addObject();
      r.put("function", t.label())
          .put("handler", t.handler())
          .put("jar_mb", Math.round(jarMb * 1000) / 1000.0)
          .put("init_ms_median", percentile(m.init, 50))
          .put("first_invoke_ms_median", percentile(m.firstInvoke, 50))
          .put("floor_init_ms_median", floorInit)
          .put("ratio_to_floor", Math.round(ratio * 100) / 100.0)
          .put("ratio_to_stack_floor", Math.round(stackRatio * 100) / 100.0)
          .put("warm_p50_ms", percentile(m.warm, 50))
          .put("warm_p99_ms", percentile(m.warm, 99));
      if (serviceChange) {
        r.put("reads_per_event", Math.round(reads.perEvent() * 100) / 100.0);
        r.put("warm_p50_ms_excluding_aws", percentile(ownWarm.wallMinusWire(), 50));
        r.put("warm_p99_ms_excluding_aws", percentile(ownWarm.wallMinusWire(), 99));
        r.put("warm_cpu_p50_ms", percentile(ownWarm.cpu(), 50));
        r.put("warm_cpu_p99_ms", percentile(ownWarm.cpu(), 99));
      } else {
        r.put("reads_per_event", "na");
        r.put("warm_p99_ms_excluding_aws", "na");
      }
      r.putPOJO("init_ms", m.init).putPOJO("first_invoke_ms", m.firstInvoke);
      r.putPOJO("cold_outcomes", m.coldOutcomes).put("cold_published", m.coldPublished);
      r.putPOJO("warm_outcomes", m.warmOutcomes).put("warm_published", m.warmPublished);
      r.put("warm_events_are", t.warmEvents());
    }
    lines.forEach(System.out::println);
    Files.createDirectories(REPORT.getParent());
    mapper.writeValue(REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  private static String counts(Map<String, Integer> outcomes) {
    return outcomes.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(java.util.stream.Collectors.joining(","));
  }

  private static String megabytes(double mb) {
    return String.format(mb >= 1 ? "%.1f" : "%.3f", mb);
  }

  /** Nearest-rank percentile; the median is {@code p = 50}. */
  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int positive(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a number");
    }
    try {
      int n = Integer.parseInt(args[i]);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    usage(args[i - 1] + " needs a positive number, not " + args[i]);
    return 0;
  }

  private static void usage(String problem) {
    System.err.println("bench/run: " + problem);
    System.err.println("usage: bench/run [--quick] [--cold N] [--warm N] [--aot]");
    System.exit(2);
  }
}
