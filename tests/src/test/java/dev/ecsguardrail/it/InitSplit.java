package dev.ecsguardrail.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
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
    // Invocations names its Region by Emulator.REGION; nothing of Emulator starts in the probe.
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
    // The probes' first calls go to the emulator (moto, or AWS_ENDPOINT_URL when it is set).
    URI endpoint = Emulator.endpoint();
    if (aot) {
      for (Variant v : variants) {
        probe(v, "-XX:AOTCacheOutput=" + v.cache(), endpoint, event);
      }
    }
    // One probe first, not counted: the emulator loads each service's backend on its first call.
    probe(variants.getFirst(), "-XX:TieredStopAtLevel=1", endpoint, event);
    List<Map<String, List<double[]>>> steps = new ArrayList<>();
    variants.forEach(v -> steps.add(new LinkedHashMap<>()));
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < variants.size(); k++) {
        Variant v = variants.get(k);
        Map<String, List<double[]>> into = steps.get(k);
        probe(v, aot ? "-XX:AOTCache=" + v.cache() : "-XX:TieredStopAtLevel=1", endpoint, event)
            .forEach((step, f) -> into.computeIfAbsent(step, s -> new ArrayList<>()).add(f));
      }
    }
    String jvm = aot ? "c1+aot-cache" : "c1";
    if (variants.size() > 1) {
      System.out.println(
          "variant: "
              + (jar == null ? "" : "jar " + jar + " ")
              + (options == null ? "" : "options " + String.join(" ", options)));
    }
    steps
        .getFirst()
        .forEach(
            (step, before) -> {
              StringBuilder line =
                  new StringBuilder(
                      String.format(
                          "RESULT split step=%s ms_median=%.1f classes_median=%.0f",
                          step, median(before, 0), median(before, 1)));
              if (variants.size() > 1) {
                List<double[]> after = steps.get(1).getOrDefault(step, List.of());
                line.append(
                    after.isEmpty()
                        ? " with_ms_median=na delta_ms=na"
                        : String.format(
                            " with_ms_median=%.1f with_classes_median=%.0f delta_ms=%+.1f",
                            median(after, 0),
                            median(after, 1),
                            median(after, 0) - median(before, 0)));
              }
              System.out.println(
                  line.append(" runs=").append(before.size()).append(" jvm=").append(jvm));
            });
  }

  /** One fresh JVM of the probe: its steps and their times, in order. */
  private static Map<String, double[]> probe(
      Variant variant, String flag, URI endpoint, String event)
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
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("AWS_ENDPOINT_URL", endpoint.toString());
    builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "testing");
    builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "testing");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    Map<String, double[]> steps = new LinkedHashMap<>();
    out.lines()
        .filter(l -> l.startsWith("STEP "))
        .map(l -> l.split(" "))
        .forEach(
            f ->
                steps.put(f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])}));
    return steps;
  }

  /** The median of one figure (0: ms, 1: classes) over the runs. */
  private static double median(List<double[]> values, int figure) {
    return Median.of(values.stream().map(v -> v[figure]).toList());
  }
}
