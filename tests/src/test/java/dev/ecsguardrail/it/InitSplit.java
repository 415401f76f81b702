package dev.ecsguardrail.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a cold start's init goes ({@code bench/split}): {@link InitProbe} runs in N fresh JVMs on
 * the shaded jar, with the harness's flags (C1 only; with {@code --aot}, from an AOT cache of its
 * own first run), and the median of each step is printed. A program, not a test: the figures are
 * quoted (README, Measuring), never asserted. Run: bench/split [--runs N=7] [--aot].
 */
public final class InitSplit {

  private static final Path PROBE_JAR = Project.ROOT.resolve("tests/target/bench-split.jar");
  private static final Path CACHE = Project.ROOT.resolve("tests/target/bench-split.aot");

  private InitSplit() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int runs = 7;
    boolean aot = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--aot")) {
        aot = true;
      } else if (args[i].equals("--runs")
          && i + 1 < args.length
          && args[i + 1].matches("[1-9][0-9]*")) {
        runs = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: bench/split [--runs N] [--aot]");
        System.exit(2);
      }
    }
    // Invocations names its Region by Emulator.REGION; nothing of Emulator starts.
    BenchJars.withClasses(PROBE_JAR, null, InitProbe.class, Invocations.class, Emulator.class);
    String event = Project.EVENTS.resolve("create-service-sc-no-app-protocol.json").toString();
    if (aot) {
      probe("-XX:AOTCacheOutput=" + CACHE, event);
    }
    Map<String, List<Double>> steps = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      probe(aot ? "-XX:AOTCache=" + CACHE : "-XX:TieredStopAtLevel=1", event)
          .forEach((step, ms) -> steps.computeIfAbsent(step, s -> new ArrayList<>()).add(ms));
    }
    String jvm = aot ? "c1+aot-cache" : "c1";
    steps.forEach(
        (step, ms) ->
            System.out.printf(
                "RESULT split step=%s ms_median=%.1f runs=%d jvm=%s%n",
                step, median(ms), ms.size(), jvm));
  }

  /** One fresh JVM of the probe: its steps and their times, in order. */
  private static Map<String, Double> probe(String flag, String event)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "-XX:TieredStopAtLevel=1",
            flag,
            "-cp",
            // The runtime interface client after the probe, as on Lambda: its Context class.
            Project.SHADED_JAR + File.pathSeparator + LambdaRuntime.classpath(PROBE_JAR),
            InitProbe.class.getName(),
            event);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    Map<String, Double> steps = new LinkedHashMap<>();
    out.lines()
        .filter(l -> l.startsWith("STEP "))
        .map(l -> l.split(" "))
        .forEach(f -> steps.put(f[1], Double.parseDouble(f[2])));
    return steps;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
