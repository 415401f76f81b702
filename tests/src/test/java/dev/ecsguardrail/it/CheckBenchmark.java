package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/ecs-guardrail check} on one file, as CI loops run it, against {@code java -version} of
 * the same JDK: each a fresh process, timed wall to wall, interleaved so the machine's drift
 * spreads evenly. One check first makes the AOT cache (bin/ecs-guardrail does so when the jar is
 * newer), so the timed runs are the steady state. A program, not a test. Run: bench/check [--runs
 * N=15].
 */
public final class CheckBenchmark {

  private static final Path REPORT = Project.ROOT.resolve("tests/target/check-benchmark.json");
  private static final double TARGET_RATIO = 2.0;

  private CheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = 15;
    if (args.length == 2 && args[0].equals("--runs") && args[1].matches("[1-9][0-9]*")) {
      runs = Integer.parseInt(args[1]);
    } else if (args.length != 0) {
      System.err.println("usage: bench/check [--runs N]");
      System.exit(2);
    }
    List<String> check =
        List.of(
            Project.ROOT.resolve("bin/ecs-guardrail").toString(),
            "check",
            "--event",
            Project.EVENTS.resolve("create-service-sc-no-app-protocol.json").toString(),
            "--task-definition",
            Project.EVENTS.resolve("taskdefs/payments-tcp.json").toString());
    List<String> version =
        List.of(ProcessHandle.current().info().command().orElseThrow(), "-version");
    wallMs(check, 1);
    wallMs(version, 0);
    List<Double> checkMs = new ArrayList<>();
    List<Double> versionMs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      checkMs.add(wallMs(check, 1));
      versionMs.add(wallMs(version, 0));
    }
    double checkMedian = median(checkMs);
    double versionMedian = median(versionMs);
    double ratio = checkMedian / versionMedian;
    System.out.printf(
        "RESULT check runs=%d check_ms_median=%.0f java_version_ms_median=%.0f ratio=%.2f"
            + " target_ratio=%.1f within_target=%s%n",
        runs, checkMedian, versionMedian, ratio, TARGET_RATIO, ratio <= TARGET_RATIO);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("runs", runs)
        .put("command", String.join(" ", check.subList(1, check.size())))
        .put("check_ms_median", checkMedian)
        .put("java_version_ms_median", versionMedian)
        .put("ratio", Math.round(ratio * 100) / 100.0);
    json.putPOJO("check_ms", checkMs).putPOJO("java_version_ms", versionMs);
    Files.createDirectories(REPORT.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  /** Wall time of one run; a run that does not exit with {@code expectedExit} stops the program. */
  private static double wallMs(List<String> command, int expectedExit)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Project.ROOT.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double ms = (System.nanoTime() - start) / 1e6;
    if (exit != expectedExit) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + exit + ", not " + expectedExit);
    }
    return ms;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
