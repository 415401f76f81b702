package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.OrganizationsGateway;
import dev.ecsguardrail.aws.S3WeeklyReports;
import dev.ecsguardrail.aws.SigV4JsonClient;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.OrgDigestRun;
import dev.ecsguardrail.flow.OrgReportPublisher;
import dev.ecsguardrail.flow.OrganizationAccounts;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.WeeklyKey;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The organization digest at scale on moto: an organization of {@code ACCOUNTS + 10} accounts in
 * Organizations (10 of them, the management account among them, never report), {@code ACCOUNTS x
 * REGIONS} member reports in the bucket as member stacks write them (the digest's JSON of a real
 * judged sweep, gzipped: 0 to 3 namespaces left behind, 1 or 2 services with standing findings,
 * some lapsed exemptions; one object per Region damaged), last week's org report; then the real
 * {@link OrgDigestRun} (S3, Organizations and SNS gateways against moto) in a fresh JVM per run,
 * started as Lambda starts a function of 1,024 MB (heap 85 % of it, Serial GC, C1), for each read
 * parallelism, interleaved round by round: wall time, memory, calls, what was written and the
 * digest's size against SNS's limit. A program, not a test: the numbers are quoted, never asserted.
 * Run: bench/org [--runs N] [--parallelism 1,8,32,64] [--no-connections] [ACCOUNTS] [REGIONS].
 */
public final class OrgDigestBenchmark {

  /** The Regions of the generated reports, in this order (the first REGIONS of them). */
  static final List<String> ALL_REGIONS =
      List.of(
          "us-east-1",
          "us-east-2",
          "us-west-1",
          "us-west-2",
          "ca-central-1",
          "eu-west-1",
          "eu-west-2",
          "eu-west-3",
          "eu-central-1",
          "eu-north-1",
          "ap-south-1",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-northeast-3",
          "ap-southeast-1",
          "ap-southeast-2",
          "sa-east-1");

  private static final int SILENT = 10;
  private static final int SEED_THREADS = 16;
  private static final String BUCKET = "ecs-guardrail-org-bench";
  private static final String TEMPLATE_ACCOUNT = "123456789012";
  private static final String TARGET = "AWSOrganizationsV20161128.";

  /**
   * A function of 1,024 MB (org/template.yaml's MemorySize) as Lambda's Java runtimes are reported
   * to start the JVM (heap 85 % of the memory, Serial GC), at C1 as the other benchmarks run it.
   */
  static final List<String> LAMBDA_JVM =
      List.of(
          "-XX:MaxHeapSize=870m",
          "-XX:+UseSerialGC",
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1");

  private static final Path REPORT = Project.ROOT.resolve("tests/target/org-benchmark.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrgDigestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = 3;
    List<Integer> parallelisms = List.of(1, 8, 32, 64);
    boolean connections = true;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--parallelism" ->
            parallelisms = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--no-connections" -> connections = false;
        default -> sizes.add(Integer.parseInt(args[i]));
      }
    }
    int accounts = sizes.size() > 0 ? sizes.get(0) : 1000;
    int regionCount = sizes.size() > 1 ? sizes.get(1) : 17;
    if (runs < 1 || accounts < 1 || regionCount < 1 || regionCount > ALL_REGIONS.size()) {
      throw new IllegalArgumentException(
          "usage: bench/org [--runs N] [--parallelism 1,8,32,64] [--no-connections] [ACCOUNTS]"
              + " [REGIONS<=17]");
    }
    if (!Emulator.isMoto()) {
      System.err.println("bench/org runs on the embedded moto server only: unset AWS_ENDPOINT_URL");
      System.exit(2);
    }
    List<String> regions = ALL_REGIONS.subList(0, regionCount);
    URI endpoint = Emulator.endpoint();
    Instant now = Instant.now();
    String week = WeeklyKey.week(LocalDate.ofInstant(now, ZoneOffset.UTC));
    SweepBenchmark.resetMoto(endpoint);
    AwsClients clients = AwsClients.create(Emulator.REGION, endpoint, List.of());
    long motoPid = motoPid();

    // The organization: CreateAccount one by one is what moto offers; timed.
    SigV4JsonClient organizations = clients.organizations();
    organizations.call(
        TARGET + "CreateOrganization",
        StrictJson.MAPPER.createObjectNode().put("FeatureSet", "ALL"));
    long t = System.nanoTime();
    int created = accounts + SILENT - 1; // the management account is the organization's too
    ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
    List<String> createdIds =
        SweepBenchmark.parallel(
            pool,
            created,
            i -> {
              String name = i < accounts ? String.format("member-%04d", i) : "silent-" + i;
              ObjectNode request =
                  StrictJson.MAPPER
                      .createObjectNode()
                      .put("AccountName", name)
                      .put("Email", name + "@example.com");
              return organizations
                  .call(TARGET + "CreateAccount", request)
                  .at("/CreateAccountStatus/AccountId")
                  .asText();
            });
    double createSeconds = (System.nanoTime() - t) / 1e9;
    t = System.nanoTime();
    List<OrgReport.Account> members = new OrganizationsGateway(organizations).active();
    double listSeconds = (System.nanoTime() - t) / 1e9;
    if (members.size() != created + 1
        || members.stream().map(OrgReport.Account::id).distinct().count() != created + 1) {
      throw new IllegalStateException(
          "ListAccounts gave " + members.size() + " accounts, expected " + (created + 1));
    }
    List<String> reporting = createdIds.subList(0, accounts);
    System.out.printf(
        "MEASURE org_setup create_accounts=%d create_accounts_s=%.1f (%d threads)"
            + " list_accounts=%d list_accounts_s=%.2f%n",
        created, createSeconds, SEED_THREADS, members.size(), listSeconds);

    // The bucket, the reports, last week's org report; the topic.
    S3Client s3 = clients.s3();
    s3.createBucket(r -> r.bucket(BUCKET));
    s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    String topicArn = clients.sns().createTopic(r -> r.name("ecs-guardrail-org-bench")).topicArn();
    t = System.nanoTime();
    MemberTemplates templates = new MemberTemplates(regions);
    double templateSeconds = (System.nanoTime() - t) / 1e9;
    int objects = accounts * regions.size();
    Set<Integer> damaged = damagedIndexes(accounts, regions.size());
    LongAdder bytes = new LongAdder();
    LongAdder jsonBytes = new LongAdder();
    t = System.nanoTime();
    SweepBenchmark.parallel(
        pool,
        objects,
        n -> {
          int a = n / regions.size();
          int r = n % regions.size();
          String account = reporting.get(a);
          String region = regions.get(r);
          byte[] body;
          if (damaged.contains(n)) {
            body = damagedObject(r, account, region, templates);
          } else {
            String json = templates.json(account, region, a * 31 + r);
            jsonBytes.add(json.length());
            body = gzip(json);
          }
          bytes.add(body.length);
          String key = WeeklyKey.of(week, account, region);
          s3.putObject(r2 -> r2.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
          return key;
        });
    double putSeconds = (System.nanoTime() - t) / 1e9;
    pool.shutdownNow();
    String lastWeek = WeeklyKey.week(LocalDate.ofInstant(now, ZoneOffset.UTC).minusWeeks(1));
    s3.putObject(
        r -> r.bucket(BUCKET).key(WeeklyKey.prefix(lastWeek) + "org-report.json"),
        RequestBody.fromString(lastWeekReport(lastWeek, now)));
    System.out.printf(
        "MEASURE org_setup objects=%d damaged=%d put_s=%.1f (%d threads) object_bytes_mean=%.0f"
            + " json_bytes_mean=%.0f total_mb=%.1f templates_s=%.1f orphans_per_report=%.2f"
            + " findings_per_report=%.2f%n",
        objects,
        damaged.size(),
        putSeconds,
        SEED_THREADS,
        bytes.sum() / (double) objects,
        jsonBytes.sum() / (double) (objects - damaged.size()),
        bytes.sum() / 1048576.0,
        templateSeconds,
        templates.meanOrphans(),
        templates.meanFindings());

    // The runs: each parallelism in a fresh JVM, the order rotated each round.
    Map<Integer, List<JsonNode>> byParallelism = new LinkedHashMap<>();
    parallelisms.forEach(p -> byParallelism.put(p, new ArrayList<>()));
    for (int round = 1; round <= runs; round++) {
      for (int i = 0; i < parallelisms.size(); i++) {
        int p = parallelisms.get((i + round - 1) % parallelisms.size());
        JsonNode result =
            runChild(endpoint, topicArn, regions, p, now, motoPid, List.of(), Optional.empty());
        byParallelism.get(p).add(result);
        System.out.printf(
            "run %d parallelism=%d: %d ms, heap after GC peak %.0f MB, used peak %.0f MB,"
                + " RSS peak %.0f MB, cpu %d ms, moto cpu %d ms, calls %s, digest %d bytes%n",
            round,
            p,
            result.get("wall_ms").asLong(),
            result.get("heap_after_gc_peak_mb").asDouble(),
            result.get("heap_used_peak_mb").asDouble(),
            result.get("rss_peak_mb").asDouble(),
            result.get("cpu_ms").asLong(),
            result.get("moto_cpu_ms").asLong(),
            result.get("calls"),
            result.get("digest_sns_bytes").asInt());
      }
    }

    // Whether the HTTP client keeps its connections, with the JDK's default keep-alive cache (5
    // idle connections per host) and with 64. moto answers every request with "Connection:
    // close", so the client talks to an HTTP/1.1 proxy that keeps connections open (as S3 does),
    // through a forwarder that counts the TCP connections the client opens.
    List<JsonNode> connectionRuns = new ArrayList<>();
    if (connections) {
      for (String maxConnections : List.of("default", "64")) {
        try (CountingProxy keepAlive = new CountingProxy(endpoint);
            ConnectionCounter counter = new ConnectionCounter(keepAlive.endpoint())) {
          List<String> flags =
              maxConnections.equals("default")
                  ? List.of()
                  : List.of("-Dhttp.maxConnections=" + maxConnections);
          JsonNode result =
              runChild(
                  counter.endpoint(),
                  topicArn,
                  regions,
                  32,
                  now,
                  motoPid,
                  flags,
                  Optional.of(counter));
          ((ObjectNode) result).put("http_max_connections", maxConnections);
          ((ObjectNode) result).put("tcp_connections", counter.accepted());
          connectionRuns.add(result);
          System.out.printf(
              "MEASURE org_connections parallelism=32 http.maxConnections=%s tcp_connections=%d"
                  + " calls=%s wall_ms=%d (through a keep-alive proxy and the counter)%n",
              maxConnections,
              counter.accepted(),
              result.get("calls"),
              result.get("wall_ms").asLong());
        }
      }
    }

    summarize(
        accounts,
        members.size(),
        regions,
        objects,
        damaged.size(),
        createSeconds,
        putSeconds,
        bytes.sum(),
        byParallelism,
        connectionRuns,
        runs);
  }

  private static void summarize(
      int accounts,
      int organizationAccounts,
      List<String> regions,
      int objects,
      int damaged,
      double createSeconds,
      double putSeconds,
      long objectBytes,
      Map<Integer, List<JsonNode>> byParallelism,
      List<JsonNode> connectionRuns,
      int runs)
      throws IOException {
    System.out.println();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("accounts_in_organization", organizationAccounts);
    json.put("reporting_accounts", accounts);
    json.put("regions", regions);
    json.put("objects", objects);
    json.put("damaged", damaged);
    json.put("object_bytes_mean", Math.round(objectBytes / (double) objects));
    json.put("create_accounts_s", round(createSeconds));
    json.put("put_objects_s", round(putSeconds));
    json.put("runs", runs);
    json.put("jvm", LAMBDA_JVM);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (var entry : byParallelism.entrySet()) {
      List<JsonNode> results = entry.getValue();
      JsonNode last = results.getLast();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("parallelism", entry.getKey());
      row.put("wall_ms_median", median(results, "wall_ms"));
      row.put("read_ms_median", median(results, "read_ms"));
      row.put("heap_after_gc_peak_mb_median", median(results, "heap_after_gc_peak_mb"));
      row.put("heap_used_peak_mb_median", median(results, "heap_used_peak_mb"));
      row.put("rss_peak_mb_median", median(results, "rss_peak_mb"));
      row.put("cpu_ms_median", median(results, "cpu_ms"));
      row.put("moto_cpu_ms_median", median(results, "moto_cpu_ms"));
      row.put("moto_cores_busy_median", median(results, "moto_cores_busy"));
      row.put("calls", last.get("calls"));
      row.put("organizations_calls", last.get("organizations_calls"));
      row.put("get_object_mb", last.get("get_object_mb"));
      row.put("org_report_json_bytes", last.get("org_report_json_bytes"));
      row.put("org_report_csv_bytes", last.get("org_report_csv_bytes"));
      row.put("digest_sns_bytes", last.get("digest_sns_bytes"));
      row.put("digest_email_bytes", last.get("digest_email_bytes"));
      row.put("totals", last.get("totals"));
      row.put("missing", last.get("missing"));
      row.put("damaged", last.get("damaged"));
      row.put("each_run", results);
      rows.add(row);
      long calls = 0;
      for (JsonNode n : last.get("calls")) {
        calls += n.asLong();
      }
      System.out.printf(
          "RESULT org_digest accounts=%d reporting=%d regions=%d objects=%d damaged=%s missing=%s"
              + " parallelism=%d runs=%d wall_ms_median=%.0f read_ms_median=%.0f"
              + " heap_after_gc_peak_mb_median=%.0f heap_used_peak_mb_median=%.0f"
              + " rss_peak_mb_median=%.0f cpu_ms_median=%.0f moto_cores_busy_median=%.2f"
              + " s3_sns_calls=%d calls=%s organizations_calls=%s org_report_json_bytes=%d"
              + " org_report_csv_bytes=%d digest_sns_bytes=%d sns_limit_bytes=262144%n",
          organizationAccounts,
          accounts,
          regions.size(),
          objects,
          last.get("damaged"),
          last.get("missing"),
          entry.getKey(),
          results.size(),
          median(results, "wall_ms"),
          median(results, "read_ms"),
          median(results, "heap_after_gc_peak_mb"),
          median(results, "heap_used_peak_mb"),
          median(results, "rss_peak_mb"),
          median(results, "cpu_ms"),
          median(results, "moto_cores_busy"),
          calls,
          compact(last.get("calls")),
          compact(last.get("organizations_calls")),
          last.get("org_report_json_bytes").asLong(),
          last.get("org_report_csv_bytes").asLong(),
          last.get("digest_sns_bytes").asLong());
    }
    json.put("by_parallelism", rows);
    json.put("connections", connectionRuns);
    Files.createDirectories(REPORT.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  private static String compact(JsonNode calls) {
    List<String> parts = new ArrayList<>();
    calls.properties().forEach(e -> parts.add(e.getKey() + ":" + e.getValue().asLong()));
    return String.join(",", parts);
  }

  private static double median(List<JsonNode> results, String field) {
    return Median.of(results.stream().map(r -> r.get(field).asDouble()).toList());
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** One run in a fresh JVM ({@link Round}): its figures. */
  private static JsonNode runChild(
      URI endpoint,
      String topicArn,
      List<String> regions,
      int parallelism,
      Instant now,
      long motoPid,
      List<String> extraFlags,
      Optional<ConnectionCounter> counter)
      throws IOException, InterruptedException {
    counter.ifPresent(ConnectionCounter::reset);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(LAMBDA_JVM);
    command.addAll(extraFlags);
    command.add("-Daws.accessKeyId=testing");
    command.add("-Daws.secretAccessKey=testing");
    command.add("-Dproject.root=" + Project.ROOT);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Round.class.getName());
    command.addAll(
        List.of(
            endpoint.toString(),
            BUCKET,
            topicArn,
            String.join(",", regions),
            Integer.toString(parallelism),
            now.toString(),
            Long.toString(motoPid)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("ROUND ")) {
          result = line.substring("ROUND ".length());
        } else if (output.size() < 200) {
          output.add(line);
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(
          "the run (parallelism "
              + parallelism
              + ") failed, exit "
              + exit
              + ":\n"
              + String.join("\n", output));
    }
    return JSON.readTree(result);
  }

  /** moto's server process: this JVM's child (Emulator started it). */
  private static long motoPid() {
    return ProcessHandle.current()
        .children()
        .filter(
            p ->
                p.info().commandLine().map(c -> c.contains("moto_server")).orElse(false)
                    || p.info().arguments().stream()
                        .flatMap(Arrays::stream)
                        .anyMatch(a -> a.contains("moto_server")))
        .findFirst()
        .map(ProcessHandle::pid)
        .orElse(-1L);
  }

  /** CPU time (user + system) of a process so far, in ms; -1 when it cannot be read. */
  static long cpuMillis(long pid) {
    if (pid < 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command; in clock ticks.
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // CLK_TCK is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** One object per Region damaged, each a different way, spread over the accounts. */
  private static Set<Integer> damagedIndexes(int accounts, int regions) {
    Set<Integer> damaged = new java.util.TreeSet<>();
    for (int r = 0; r < regions; r++) {
      int a = (r * 59 + 7) % accounts;
      damaged.add(a * regions + r);
    }
    return damaged;
  }

  private static byte[] damagedObject(
      int kind, String account, String region, MemberTemplates templates) {
    return switch (kind % 4) {
      case 0 -> "not gzip at all".getBytes(StandardCharsets.UTF_8);
      case 1 -> {
        byte[] whole = gzip(templates.json(account, region, 0));
        yield Arrays.copyOf(whole, whole.length / 2); // cut off mid-write
      }
      case 2 -> gzip(templates.json("999999999999", region, 1)); // another account's report
      default -> gzip("{\"account\":\"" + account + "\",\"region\":\"" + region + "\"}");
    };
  }

  private static String lastWeekReport(String lastWeek, Instant now) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("week", lastWeek);
    root.putObject("totals")
        .put("accounts", 995)
        .put("reports", 16915)
        .put("incomplete", 0)
        .put("monthlyCostUsd", 9876.5)
        .put("orphans", 25000)
        .put("findings", 50000);
    var trend = root.putArray("trend");
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (int w = 11; w >= 1; w--) {
      trend
          .addObject()
          .put("week", WeeklyKey.week(day.minusWeeks(w)))
          .put("monthlyCostUsd", 9000 + 100 * (11 - w))
          .put("findings", 50000);
    }
    return root.toString();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A member's weekly report as its digest writes it ({@link OrgReportPublisher#body}: {@link
   * ScanJson} of a judged sweep), in four variants per Region: 0 to 3 namespaces left behind by a
   * deleted cluster, the payments service (SC002 and what else the rules find on it), in two
   * variants also the catalog service (SC010), in one a lapsed exemption. Judged once per Region
   * and variant for a template account; each account's is the template with its id.
   */
  static final class MemberTemplates {
    private static final int VARIANTS = 4;
    private final Map<String, String[]> byRegion = new LinkedHashMap<>();
    private double orphans;
    private double findings;

    MemberTemplates(List<String> regions) {
      Instant now = Instant.now();
      for (String region : regions) {
        SweepCheck check =
            new SweepCheck(
                new OrphanFinder(PriceTable.bundled().cloudMap(region)), RuleCatalog.SERVICE_RULES);
        String[] variants = new String[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
          var sweep = check.judge(inventory(region, v), Policy.DEFAULTS, now);
          variants[v] = ScanJson.toJson(sweep).toString();
          orphans += sweep.orphans().size() / (double) (VARIANTS * regions.size());
          findings += sweep.findings().size() / (double) (VARIANTS * regions.size());
        }
        byRegion.put(region, variants);
      }
    }

    String json(String account, String region, int seed) {
      return byRegion.get(region)[Math.floorMod(seed, VARIANTS)].replace(TEMPLATE_ACCOUNT, account);
    }

    double meanOrphans() {
      return orphans;
    }

    double meanFindings() {
      return findings;
    }

    private static Inventory inventory(String region, int variant) {
      String cluster = "arn:aws:ecs:" + region + ":" + TEMPLATE_ACCOUNT + ":cluster/prod";
      List<CloudMapNamespace> namespaces = new ArrayList<>();
      Map<String, List<CloudMapService>> services = new LinkedHashMap<>();
      for (int i = 0; i < variant; i++) {
        String id = "ns-legacy" + i + "x" + region.replace("-", "");
        namespaces.add(
            new CloudMapNamespace(
                id,
                "arn:aws:servicediscovery:" + region + ":" + TEMPLATE_ACCOUNT + ":namespace/" + id,
                "legacy-" + i,
                "HTTP",
                TEMPLATE_ACCOUNT,
                null,
                null));
        List<CloudMapInstance> instances = new ArrayList<>();
        for (int k = 0; k <= i; k++) {
          instances.add(new CloudMapInstance("i-" + i + "-" + k, "retired-" + i));
        }
        String service = "srv-orders" + i;
        services.put(
            id,
            List.of(
                new CloudMapService(
                        service,
                        "arn:aws:servicediscovery:"
                            + region
                            + ":"
                            + TEMPLATE_ACCOUNT
                            + ":service/"
                            + service,
                        "orders-" + i,
                        id,
                        null,
                        List.of())
                    .withInstances(instances)));
      }
      List<EcsService> ecsServices = new ArrayList<>();
      Map<String, TaskDefinitionView> taskDefinitions = new LinkedHashMap<>();
      Map<String, String> tags =
          variant == 3
              ? Map.of("ecs-guardrail:exempt", "SC002", "ecs-guardrail:exempt-until", "2026-01-01")
              : Map.of();
      ServiceConfig payments = config("events/create-service-sc-no-app-protocol.json");
      ecsServices.add(
          new EcsService(payments.serviceArn(), cluster, List.of(), List.of(), tags, payments));
      taskDefinitions.put(payments.taskDefinition(), taskDefinition("payments-tcp"));
      if (variant % 2 == 1) {
        ServiceConfig catalog = config("events/create-service-cloud-map-scaled.json");
        ecsServices.add(
            new EcsService(catalog.serviceArn(), cluster, List.of(), List.of(), Map.of(), catalog));
        taskDefinitions.put(catalog.taskDefinition(), taskDefinition("catalog-http"));
      }
      return new Inventory(
          TEMPLATE_ACCOUNT,
          region,
          namespaces,
          services,
          List.of(new EcsCluster(cluster, "prod", "ACTIVE", null, Map.of(), "enhanced")),
          ecsServices,
          true,
          List.of(),
          taskDefinitions,
          null);
    }

    private static ServiceConfig config(String event) {
      JsonNode service =
          StrictJson.parse(read(Project.ROOT.resolve(event)), event)
              .at("/detail/responseElements/service");
      return ServiceConfigReader.fromResponse(service, "$");
    }

    private static TaskDefinitionView taskDefinition(String family) {
      Path file = Project.TASK_DEFINITIONS.resolve(family + ".json");
      return TaskDefinitionReader.read(StrictJson.parse(read(file), family), family);
    }

    private static byte[] read(Path file) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One weekly run in this JVM, as the Lambda runs it (the real gateways, against moto), and its
   * figures on one line: {@code ROUND {json}}. Args: endpoint bucket topicArn regions parallelism
   * now motoPid.
   */
  public static final class Round {

    private Round() {}

    public static void main(String[] args) throws Exception {
      URI endpoint = URI.create(args[0]);
      String bucket = args[1];
      String topicArn = args[2];
      List<String> regions = List.of(args[3].split(","));
      int parallelism = Integer.parseInt(args[4]);
      Clock clock = Clock.fixed(Instant.parse(args[5]), ZoneOffset.UTC);
      long motoPid = Long.parseLong(args[6]);
      String region = "us-east-1";

      Calls calls = new Calls();
      AwsClients clients = AwsClients.create(region, endpoint, List.of(calls));
      try (CountingProxy organizationCalls = new CountingProxy(endpoint)) {
        AwsClients viaProxy = AwsClients.create(region, organizationCalls.endpoint(), List.of());
        AtomicLong listAccountsNanos = new AtomicLong();
        OrganizationsGateway gateway = new OrganizationsGateway(viaProxy.organizations());
        OrganizationAccounts accounts =
            () -> {
              long start = System.nanoTime();
              try {
                return gateway.active();
              } finally {
                listAccountsNanos.set(System.nanoTime() - start);
              }
            };
        List<Notification> sent = new ArrayList<>();
        SnsTopicGateway sns = new SnsTopicGateway(clients.sns(), topicArn);
        TimedBucket s3 = new TimedBucket(new S3WeeklyReports(clients.s3(), bucket, region));
        OrgDigestRun run =
            new OrgDigestRun(
                s3,
                accounts,
                regions,
                n -> {
                  sent.add(n);
                  sns.publish(n);
                },
                OrgDigestRun.OUTPUTS,
                parallelism,
                clock);

        // The clients are built (as at init) before the clock starts.
        clients.s3();
        clients.sns();
        HeapWatch heap = new HeapWatch();
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long motoBefore = cpuMillis(motoPid);
        long start = System.nanoTime();
        OrgDigestRun.Result result = run.run();
        long wallNanos = System.nanoTime() - start;
        long motoAfter = cpuMillis(motoPid);
        long cpuAfter = os.getProcessCpuTime();
        heap.stop();

        OrgReport report = result.report();
        Notification digest = sent.getFirst();
        ObjectNode out = StrictJson.MAPPER.createObjectNode();
        out.put("parallelism", parallelism);
        out.put("wall_ms", wallNanos / 1_000_000);
        out.put("list_keys_ms", s3.listNanos.get() / 1_000_000);
        out.put("read_ms", (s3.lastGetEnd.get() - s3.firstGetStart.get()) / 1_000_000);
        out.put("list_accounts_ms", listAccountsNanos.get() / 1_000_000);
        out.put("cpu_ms", (cpuAfter - cpuBefore) / 1_000_000);
        long motoCpu = motoBefore < 0 || motoAfter < 0 ? -1 : motoAfter - motoBefore;
        out.put("moto_cpu_ms", motoCpu);
        out.put("moto_cores_busy", motoCpu < 0 ? -1 : motoCpu / (wallNanos / 1e6));
        out.put("heap_after_gc_peak_mb", heap.peakAfterGc() / 1048576.0);
        out.put("heap_used_peak_mb", heap.peakUsed() / 1048576.0);
        out.put("gcs", heap.collections());
        out.put("rss_peak_mb", vmHwmKb() / 1024.0);
        out.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
        out.set("calls", JSON.valueToTree(calls.counts()));
        out.put("get_object_mb", calls.getObjectBytes() / 1048576.0);
        out.set("organizations_calls", JSON.valueToTree(organizationCalls.calls()));
        for (OrgDigestRun.Output output : OrgDigestRun.OUTPUTS) {
          out.put(
              output.name().replace('-', '_').replace('.', '_') + "_bytes",
              output.render().apply(report).length);
        }
        out.put("digest_sns_bytes", digest.snsSize());
        out.put("digest_email_bytes", digest.email().getBytes(StandardCharsets.UTF_8).length);
        out.put("digest_subject", digest.subject());
        out.set("totals", JSON.valueToTree(report.totals()));
        out.put("missing", report.missing().size());
        out.put("damaged", report.damaged().size());
        out.put("rows", report.rows().size());
        System.out.println("ROUND " + out);
      }
      System.exit(0);
    }

    private static long vmHwmKb() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException e) {
        return -1;
      }
      return -1;
    }
  }

  /** The bucket, timed: the listing, and the span from the first read's start to the last's end. */
  private static final class TimedBucket implements dev.ecsguardrail.flow.WeeklyReports {
    private final S3WeeklyReports bucket;
    final AtomicLong listNanos = new AtomicLong();
    final AtomicLong firstGetStart = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastGetEnd = new AtomicLong(Long.MIN_VALUE);

    TimedBucket(S3WeeklyReports bucket) {
      this.bucket = bucket;
    }

    @Override
    public List<String> keys(String prefix) {
      long start = System.nanoTime();
      try {
        return bucket.keys(prefix);
      } finally {
        listNanos.set(System.nanoTime() - start);
      }
    }

    @Override
    public Optional<byte[]> get(String key) {
      firstGetStart.accumulateAndGet(System.nanoTime(), Math::min);
      try {
        return bucket.get(key);
      } finally {
        lastGetEnd.accumulateAndGet(System.nanoTime(), Math::max);
      }
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
      bucket.put(key, body, contentType);
    }

    @Override
    public String link(String key) {
      return bucket.link(key);
    }
  }

  /** SDK calls by operation, and the bytes of the GetObject answers. */
  private static final class Calls implements ExecutionInterceptor {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder getObjectBytes = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      counts
          .computeIfAbsent(
              attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                  + ":"
                  + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
              k -> new LongAdder())
          .increment();
    }

    @Override
    public void afterTransmission(
        Context.AfterTransmission context, ExecutionAttributes attributes) {
      if ("GetObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        context
            .httpResponse()
            .firstMatchingHeader("Content-Length")
            .ifPresent(length -> getObjectBytes.add(Long.parseLong(length.trim())));
      }
    }

    Map<String, Long> counts() {
      return counts.entrySet().stream()
          .collect(
              Collectors.toMap(
                  Map.Entry::getKey, e -> e.getValue().sum(), (a, b) -> a, TreeMap::new));
    }

    long getObjectBytes() {
      return getObjectBytes.sum();
    }
  }

  /**
   * The heap while the run runs: after each collection (GC notifications: what was still reachable
   * then, summed over the heap's pools), and used heap sampled every 5 ms (live and garbage).
   */
  private static final class HeapWatch {
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;

    HeapWatch() {
      Set<String> heapPools =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .map(MemoryPoolMXBean::getName)
              .collect(Collectors.toSet());
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc)
            .addNotificationListener(
                (notification, handback) -> {
                  if (!running.get()
                      || !notification
                          .getType()
                          .equals(
                              GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                  }
                  var info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long after =
                      info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                          .filter(e -> heapPools.contains(e.getKey()))
                          .mapToLong(e -> e.getValue().getUsed())
                          .sum();
                  peakAfterGc.accumulateAndGet(after, Math::max);
                  collections.incrementAndGet();
                },
                null,
                null);
      }
      sampler =
          Thread.ofPlatform()
              .daemon()
              .name("heap-sampler")
              .start(
                  () -> {
                    var memory = ManagementFactory.getMemoryMXBean();
                    while (running.get()) {
                      peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    void stop() throws InterruptedException {
      peakUsed.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      // GC notifications arrive on a service thread, shortly after the collection.
      Thread.sleep(200);
      running.set(false);
      sampler.join();
    }

    long peakAfterGc() {
      return peakAfterGc.get();
    }

    long peakUsed() {
      return peakUsed.get();
    }

    long collections() {
      return collections.get();
    }
  }

  /**
   * A TCP forwarder in front of moto that counts the connections it accepts: how many the HTTP
   * client opened.
   */
  private static final class ConnectionCounter implements AutoCloseable {
    private final URI target;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final LongAdder accepted = new LongAdder();

    ConnectionCounter(URI target) throws IOException {
      this.target = target;
      server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
      threads.submit(this::accept);
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    long accepted() {
      return accepted.sum();
    }

    void reset() {
      accepted.reset();
    }

    private Void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          accepted.increment();
          Socket upstream = new Socket();
          upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
          threads.submit(() -> pipe(client, upstream));
          threads.submit(() -> pipe(upstream, client));
        } catch (IOException e) {
          if (server.isClosed()) {
            return null;
          }
        }
      }
      return null;
    }

    private static Void pipe(Socket from, Socket to) {
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException e) {
          // already closed
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      server.close();
      threads.shutdownNow();
    }
  }
}
