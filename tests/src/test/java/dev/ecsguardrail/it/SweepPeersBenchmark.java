package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code bin/ecs-guardrail scan} side by side with Cloud Custodian on the fleet of {@code
 * bench/sweep}: both as fresh processes against moto through one {@link CountingProxy}, so both
 * sides' calls are counted the same way; each wrapped by the same small Python program, which times
 * it and reads its peak resident memory (the children's {@code ru_maxrss}). One warm-up run of each
 * (it also makes the command line's AOT cache), then N interleaved rounds. A program, not a test:
 * the numbers are quoted, never asserted. Run: bench/sweep-peers [--runs N] [NAMESPACES CLUSTERS
 * SERVICES].
 */
public final class SweepPeersBenchmark {

  private static final Path OUT = Project.ROOT.resolve("tests/target/sweep-peers");
  private static final Path REPORT =
      Project.ROOT.resolve("tests/target/sweep-peers-benchmark.json");
  private static final Path POLICY = Project.ROOT.resolve("bench/custodian/sweep-policy.yml");
  private static final Path CUSTODIAN = Project.ROOT.resolve(".venv-c7n/bin/custodian");

  /** Runs argv[2:], writes "exit wall_ms peak_rss_kb" to argv[1]. */
  private static final String MEASURE =
      """
      import resource, subprocess, sys, time
      start = time.monotonic()
      code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
      wall = (time.monotonic() - start) * 1000
      rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
      open(sys.argv[1], "w").write("%d %.1f %d" % (code, wall, rss))
      """;

  private SweepPeersBenchmark() {}

  private record Tool(String name, List<String> argv, Set<Integer> expectedExits) {}

  private record Run(
      int exit,
      double wallMs,
      double peakRssMb,
      Map<String, Long> calls,
      Map<String, Double> callMs,
      double spanMs,
      double busyMs) {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    int runs = 5;
    int flag = rest.indexOf("--runs");
    if (flag >= 0) {
      runs = Integer.parseInt(rest.get(flag + 1));
      rest.subList(flag, flag + 2).clear();
    }
    int namespaces = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 1000;
    int clusters = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 200;
    int services = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 5000;
    if (runs < 1 || namespaces < 1 || clusters < 1 || services < 0) {
      throw new IllegalArgumentException(
          "usage: bench/sweep-peers [--runs N] [NAMESPACES] [CLUSTERS] [SERVICES]");
    }
    if (!Emulator.isMoto()) {
      System.err.println(
          "bench/sweep-peers seeds the embedded moto server only: unset AWS_ENDPOINT_URL");
      System.exit(2);
    }
    if (!Files.isExecutable(CUSTODIAN)) {
      System.err.println("bench/sweep-peers: " + CUSTODIAN + " is missing: run bench/sweep-peers");
      System.exit(2);
    }
    URI endpoint = Emulator.endpoint();
    String region = Emulator.REGION;
    SweepBenchmark.Plan plan = new SweepBenchmark.Plan(namespaces, clusters, services);
    long seedStart = System.nanoTime();
    SweepBenchmark.resetMoto(endpoint);
    SweepBenchmark.seed(plan, AwsClients.create(region, endpoint, List.of()));
    System.out.printf(
        "seeded %d namespaces, %d clusters (%d deleted), %d services in %.1f s%n",
        namespaces,
        clusters,
        clusters - plan.activeClusters(),
        services,
        (System.nanoTime() - seedStart) / 1e9);

    Files.createDirectories(OUT);
    Path scanOutput = OUT.resolve("scan.json");
    Path custodianOutput = OUT.resolve("custodian");
    List<Tool> tools =
        List.of(
            new Tool(
                "ecs-guardrail",
                List.of(
                    "bash",
                    "-c",
                    "exec \"$0\" scan --format json > \"$1\"",
                    Project.ROOT.resolve("bin/ecs-guardrail").toString(),
                    scanOutput.toString()),
                // 1: something was left behind, as seeded.
                Set.of(0, 1)),
            new Tool(
                "custodian",
                List.of(
                    CUSTODIAN.toString(),
                    "run",
                    "--cache-period",
                    "0",
                    "-s",
                    custodianOutput.toString(),
                    "-r",
                    region,
                    POLICY.toString()),
                Set.of(0)));

    Map<String, List<Run>> results = new LinkedHashMap<>();
    try (CountingProxy proxy = new CountingProxy(endpoint)) {
      for (Tool tool : tools) {
        Run warmUp = run(tool, proxy, region);
        System.out.printf(
            "warm-up %s: %.0f ms, %d calls%n", tool.name(), warmUp.wallMs(), total(warmUp.calls()));
      }
      for (int round = 1; round <= runs; round++) {
        for (Tool tool : tools) {
          Run r = run(tool, proxy, region);
          results.computeIfAbsent(tool.name(), k -> new ArrayList<>()).add(r);
          System.out.printf(
              "round %d %s: %.0f ms, peak RSS %.0f MB, %d calls in %.0f ms from the first to the"
                  + " last (%.0f ms of calls summed)%n",
              round,
              tool.name(),
              r.wallMs(),
              r.peakRssMb(),
              total(r.calls()),
              r.spanMs(),
              r.busyMs());
        }
      }
    }

    Run last = results.get("ecs-guardrail").getLast();
    Run peerLast = results.get("custodian").getLast();
    Map<String, Long> ours = last.calls();
    Map<String, Long> theirs = peerLast.calls();
    Set<String> operations = new TreeSet<>(ours.keySet());
    operations.addAll(theirs.keySet());
    Set<String> shared = new TreeSet<>(ours.keySet());
    shared.retainAll(theirs.keySet());
    System.out.println();
    System.out.println(
        "API calls of the last round, by operation (counted by the proxy; ms: the calls' durations"
            + " summed, which overlap when a side calls in parallel)");
    System.out.printf(
        "  %-36s %14s %10s %16s %12s%n",
        "operation", "ecs-guardrail", "custodian", "ecs-guardrail ms", "custodian ms");
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    report.put("namespaces", namespaces).put("clusters", clusters).put("services", services);
    report.put("runs", runs);
    ArrayNode table = report.putArray("byOperation");
    for (String op : operations) {
      long a = ours.getOrDefault(op, 0L);
      long b = theirs.getOrDefault(op, 0L);
      double aMs = last.callMs().getOrDefault(op, 0.0);
      double bMs = peerLast.callMs().getOrDefault(op, 0.0);
      System.out.printf(
          "  %-36s %14d %10d %16.0f %12.0f%s%n",
          op, a, b, aMs, bMs, shared.contains(op) ? "   (both)" : "");
      table
          .addObject()
          .put("operation", op)
          .put("ecs_guardrail", a)
          .put("custodian", b)
          .put("ecs_guardrail_ms", Math.round(aMs))
          .put("custodian_ms", Math.round(bMs));
    }
    long oursShared = shared.stream().mapToLong(ours::get).sum();
    long theirsShared = shared.stream().mapToLong(theirs::get).sum();
    System.out.printf(
        "  %-36s %14d %10d%n  %-36s %14d %10d%n",
        "operations both call", oursShared, theirsShared, "total", total(ours), total(theirs));

    JsonNode scan = json.readTree(scanOutput.toFile());
    int flagged = resources(custodianOutput, "ecs-service-code-deploy-service-connect");
    int listed = resources(custodianOutput, "cloud-map-namespaces");
    System.out.printf(
        "ecs-guardrail found %d left behind ($%s/month) and %d standing findings on %d services;"
            + " custodian matched %d services (CODE_DEPLOY with Service Connect) and listed %d"
            + " namespaces, without telling which were left behind.%n",
        scan.path("orphans").size() + scan.path("omittedOrphans").asInt(),
        scan.path("totalMonthlyCostUsd").asText(),
        scan.path("findings").size() + scan.path("omittedFindings").asInt(),
        scan.path("checkedServices").asInt(),
        flagged,
        listed);

    Map<String, Double> wall = new LinkedHashMap<>();
    for (Tool tool : tools) {
      List<Run> r = results.get(tool.name());
      double wallMedian = Median.of(r.stream().map(Run::wallMs).toList());
      double rssMedian = Median.of(r.stream().map(Run::peakRssMb).toList());
      double spanMedian = Median.of(r.stream().map(Run::spanMs).toList());
      Map<String, Long> calls = r.getLast().calls();
      long sharedCalls = shared.stream().mapToLong(calls::get).sum();
      wall.put(tool.name(), wallMedian);
      System.out.printf(
          "RESULT sweep_peers tool=%s wall_ms_median=%.0f calls_span_ms_median=%.0f"
              + " peak_rss_mb_median=%.0f calls=%d calls_on_shared_operations=%d%n",
          tool.name(), wallMedian, spanMedian, rssMedian, total(calls), sharedCalls);
      report
          .putObject(tool.name())
          .put("wall_ms_median", wallMedian)
          .put("calls_span_ms_median", spanMedian)
          .put("peak_rss_mb_median", rssMedian)
          .put("calls", total(calls))
          .put("calls_on_shared_operations", sharedCalls)
          .putPOJO("wall_ms", r.stream().map(Run::wallMs).toList())
          .putPOJO("peak_rss_mb", r.stream().map(Run::peakRssMb).toList());
    }
    double ratio = wall.get("custodian") / wall.get("ecs-guardrail");
    System.out.printf(
        "RESULT sweep_peers custodian_over_ecs_guardrail_wall=%.2f shared_calls_ecs_guardrail=%d"
            + " shared_calls_custodian=%d%n",
        ratio, oursShared, theirsShared);
    report.put("custodian_over_ecs_guardrail_wall", ratio);
    report.put(
        "ecs_guardrail_left_behind",
        scan.path("orphans").size() + scan.path("omittedOrphans").asInt());
    report.put("custodian_matched_services", flagged).put("custodian_listed_namespaces", listed);
    json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.toFile(), report);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  private static Run run(Tool tool, CountingProxy proxy, String region)
      throws IOException, InterruptedException {
    Path measured = OUT.resolve(tool.name() + ".measured");
    List<String> argv = new ArrayList<>(List.of("python3", "-c", MEASURE, measured.toString()));
    argv.addAll(tool.argv());
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(Project.ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve(tool.name() + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    proxy.reset();
    int wrapper = builder.start().waitFor();
    String[] figures = Files.readString(measured).trim().split(" ");
    int exit = Integer.parseInt(figures[0]);
    if (wrapper != 0 || !tool.expectedExits().contains(exit)) {
      throw new IllegalStateException(
          tool.name() + " exited " + exit + "; see " + OUT.resolve(tool.name() + ".log"));
    }
    return new Run(
        exit,
        Double.parseDouble(figures[1]),
        Long.parseLong(figures[2]) / 1024.0,
        proxy.calls(),
        proxy.millis(),
        proxy.spanMs(),
        proxy.busyMs());
  }

  private static int resources(Path custodianOutput, String policy) throws IOException {
    return new ObjectMapper()
        .readTree(custodianOutput.resolve(policy).resolve("resources.json").toFile())
        .size();
  }

  private static long total(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }
}
