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
 * own first run), and the median of each step is printed. With {@code --with "OPTIONS"} (JVM
 * options, such as a library's system properties) or {@code --with-jar JAR} (a shaded jar built
 * from another commit), a second variant runs interleaved with the first, one of each per round, so
 * that before and after see the same machine; each step then has both medians and their difference.
 * A program, not a test: the figures are quoted (docs/measuring.md), never asserted. Run:
 * bench/split [--runs N=7] [--aot] [--with "OPTIONS"] [--with-jar JAR].
 */
public final class InitSplit {

  private static final Path PROBE_JAR = Project.ROOT.resolve("tests/target/bench-split.jar");
  private static final Path CACHE = Project.ROOT.resolve("tests/target/bench-split.aot");
  private static final Path VARIANT_CACHE =
      Project.ROOT.resolve("tests/target/bench-split-variant.aot");

  private InitSplit() {}

  /** What one side of the comparison runs: its jar, its extra JVM options, its AOT cache. */
  private record Variant(Path jar, List<String> options, Path cache) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int runs = 7;
    boolean aot = false;
    List<String> options = null;
    Path jar = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--aot")) {
        aot = true;
      } else if (args[i].equals("--runs")
          && i + 1 < args.length
          && args[i + 1].matches("[1-9][0-9]*")) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--with") && i + 1 < args.length) {
        options = List.of(args[++i].trim().split("\\s+"));
      } else if (args[i].equals("--with-jar") && i + 1 < args.length) {
        jar = Path.of(args[++i]).toAbsolutePath();
      } else {
        System.err.println(
            "usage: bench/split [--runs N] [--aot] [--with \"JVM OPTIONS\"] [--with-jar JAR]");
        System.exit(2);
      }
    }
    // Invocations names its Region by Emulator.REGION; nothing of Emulator starts.
    BenchJars.withClasses(PROBE_JAR, null, InitProbe.class, Invocations.class, Emulator.class);
    String event = Project.EVENTS.resolve("create-service-sc-no-app-protocol.json").toString();
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant(Project.SHADED_JAR, List.of(), CACHE));
    if (options != null || jar != null) {
      variants.add(
          new Variant(
              jar == null ? Project.SHADED_JAR : jar,
              options == null ? List.of() : options,
              VARIANT_CACHE));
    }
    if (aot) {
      for (Variant v : variants) {
        probe(v, "-XX:AOTCacheOutput=" + v.cache(), event);
      }
    }
    List<Map<String, List<Double>>> steps = new ArrayList<>();
    variants.forEach(v -> steps.add(new LinkedHashMap<>()));
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get(k);
        Map<String, List<Double>> into = steps.get(k);
        probe(v, aot ? "-XX:AOTCache=" + v.cache() : "-XX:TieredStopAtLevel=1", event)
            .forEach((step, ms) -> into.computeIfAbsent(step, s -> new ArrayList<>()).add(ms));
      }
    }
    String jvm = aot ? "c1+aot-cache" : "c1";
    if (variants.size() == 1) {
      steps
          .getFirst()
          .forEach(
              (step, ms) ->
                  System.out.printf(
                      "RESULT split step=%s ms_median=%.1f runs=%d jvm=%s%n",
                      step, median(ms), ms.size(), jvm));
      return;
    }
    System.out.println(
        "variant: "
            + (jar == null ? "" : "jar " + jar + " ")
            + (options == null ? "" : "options " + String.join(" ", options)));
    steps
        .getFirst()
        .forEach(
            (step, before) -> {
              List<Double> after = steps.get(1).getOrDefault(step, List.of());
              System.out.printf(
                  "RESULT split step=%s ms_median=%.1f with_ms_median=%s delta_ms=%s runs=%d"
                      + " jvm=%s%n",
                  step,
                  median(before),
                  after.isEmpty() ? "na" : String.format("%.1f", median(after)),
                  after.isEmpty() ? "na" : String.format("%+.1f", median(after) - median(before)),
                  before.size(),
                  jvm);
            });
  }

  /** One fresh JVM of the probe: its steps and their times, in order. */
  private static Map<String, Double> probe(Variant variant, String flag, String event)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-XX:TieredStopAtLevel=1");
    command.add(flag);
    command.addAll(variant.options());
    command.add("-cp");
    // The runtime interface client after the probe, as on Lambda: its Context class.
    command.add(variant.jar() + File.pathSeparator + LambdaRuntime.classpath(PROBE_JAR));
    command.add(InitProbe.class.getName());
    command.add(event);
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
