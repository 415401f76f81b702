package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/ecs-guardrail check} on one file, as CI loops run it, against {@code java -version} of
 * the same JDK: each a fresh process, timed wall to wall, interleaved so the machine's drift
 * spreads evenly. One check first makes the AOT cache (bin/ecs-guardrail does so when the jar is
 * newer), so the timed runs are the steady state. Also timed, the same way: the floor of a check on
 * this stack ({@link CheckFloor}: the shaded jar started as bin/ecs-guardrail starts it, from an
 * AOT cache of its own, parsing and printing the same file with Jackson). A program, not a test.
 * Run: bench/check [--runs N=15].
 *
 * <p>With {@code --distribution}: the archive {@code mvn package} writes (cli/build-distribution),
 * its size, and {@code check} of a CloudFormation template from its launcher (its own runtime and
 * AOT cache) against {@code bin/ecs-guardrail check} (the jar under the JDK, with its AOT cache)
 * and {@code cfn-lint} on the same template, each a fresh process, interleaved; medians.
 */
public final class CheckBenchmark {

  private static final Path REPORT = Project.ROOT.resolve("tests/target/check-benchmark.json");
  private static final double TARGET_RATIO = 2.0;
  private static final Path FLOOR_JAR = Project.ROOT.resolve("tests/target/bench-check-floor.jar");
  private static final Path FLOOR_CACHE =
      Project.ROOT.resolve("tests/target/bench-check-floor.aot");
  private static final Path DISTRIBUTION_REPORT =
      Project.ROOT.resolve("tests/target/check-distribution-benchmark.json");
  private static final Path UNPACKED = Project.ROOT.resolve("tests/target/bench-distribution");
  private static final double MIB = 1024 * 1024;

  private CheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = 15;
    List<String> options = new ArrayList<>(List.of(args));
    boolean distribution = options.remove("--distribution");
    if (options.size() == 2
        && options.get(0).equals("--runs")
        && options.get(1).matches("[1-9][0-9]*")) {
      runs = Integer.parseInt(options.get(1));
    } else if (!options.isEmpty()) {
      System.err.println("usage: bench/check [--distribution] [--runs N]");
      System.exit(2);
    }
    if (distribution) {
      distribution(runs);
      return;
    }
    List<String> check =
        List.of(
            Project.ROOT.resolve("bin/ecs-guardrail").toString(),
            "check",
            "--event",
            Project.EVENTS.resolve("create-service-sc-no-app-protocol.json").toString(),
            "--task-definition",
            Project.EVENTS.resolve("taskdefs/payments-tcp.json").toString());
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> version = List.of(java, "-version");
    Path floorJar = BenchJars.withClasses(FLOOR_JAR, null, CheckFloor.class);
    List<String> floor = new ArrayList<>(List.of(java));
    floor.addAll(CliFlags.ofSourceCheckout());
    floor.addAll(
        List.of(
            "-XX:AOTCache=" + FLOOR_CACHE,
            "-cp",
            Project.SHADED_JAR + File.pathSeparator + floorJar,
            CheckFloor.class.getName(),
            check.get(3)));
    wallMs(check, 1);
    wallMs(version, 0);
    train(floor);
    List<Double> checkMs = new ArrayList<>();
    List<Double> versionMs = new ArrayList<>();
    List<Double> floorMs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      checkMs.add(wallMs(check, 1));
      versionMs.add(wallMs(version, 0));
      floorMs.add(wallMs(floor, 0));
    }
    double checkMedian = Median.of(checkMs);
    double versionMedian = Median.of(versionMs);
    double floorMedian = Median.of(floorMs);
    double ratio = checkMedian / versionMedian;
    double floorRatio = checkMedian / floorMedian;
    System.out.printf(
        "RESULT check runs=%d check_ms_median=%.0f java_version_ms_median=%.0f ratio=%.2f"
            + " target_ratio=%.1f within_target=%s check_floor_ms_median=%.0f"
            + " ratio_to_check_floor=%.2f%n",
        runs,
        checkMedian,
        versionMedian,
        ratio,
        TARGET_RATIO,
        ratio <= TARGET_RATIO,
        floorMedian,
        floorRatio);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("runs", runs)
        .put("command", String.join(" ", check.subList(1, check.size())))
        .put("check_ms_median", checkMedian)
        .put("java_version_ms_median", versionMedian)
        .put("ratio", Math.round(ratio * 100) / 100.0)
        .put("check_floor_ms_median", floorMedian)
        .put("ratio_to_check_floor", Math.round(floorRatio * 100) / 100.0);
    json.putPOJO("check_ms", checkMs)
        .putPOJO("java_version_ms", versionMs)
        .putPOJO("check_floor_ms", floorMs);
    Files.createDirectories(REPORT.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  /**
   * The archive's size, and check of one template from its launcher, from bin/ecs-guardrail and by
   * cfn-lint.
   */
  private static void distribution(int runs) throws IOException, InterruptedException {
    Distribution built = Distribution.built();
    deleteTree(UNPACKED);
    Path installed = built.unpackInto(Files.createDirectories(UNPACKED));
    String template =
        Project.EVENTS.resolve("cloudformation/service-no-app-protocol.yaml").toString();
    List<String> launcher =
        List.of(installed.resolve("bin/ecs-guardrail").toString(), "check", template);
    List<String> jdk =
        List.of(Project.ROOT.resolve("bin/ecs-guardrail").toString(), "check", template);
    List<String> cfnLint =
        List.of(
            Project.tool("CFN_LINT", Project.VENV_BIN.resolve("cfn-lint")).toString(), template);
    // One untimed run of each: bin/ecs-guardrail makes its AOT cache, and the exit codes are
    // checked (SC002: 1 from ecs-guardrail; cfn-lint finds nothing to say: 0).
    wallMs(launcher, 1);
    wallMs(jdk, 1);
    wallMs(cfnLint, 0);
    List<Double> launcherMs = new ArrayList<>();
    List<Double> jdkMs = new ArrayList<>();
    List<Double> cfnLintMs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      launcherMs.add(wallMs(launcher, 1));
      jdkMs.add(wallMs(jdk, 1));
      cfnLintMs.add(wallMs(cfnLint, 0));
    }
    double archiveMib = Files.size(built.archive()) / MIB;
    double unpackedMib = treeBytes(installed) / MIB;
    double runtimeMib = treeBytes(installed.resolve("runtime")) / MIB;
    System.out.printf(
        "RESULT check_distribution runs=%d archive=%s archive_mib=%.1f unpacked_mib=%.1f"
            + " runtime_mib=%.1f launcher_ms_median=%.0f bin_ecs_guardrail_ms_median=%.0f"
            + " cfn_lint_ms_median=%.0f%n",
        runs,
        built.archive().getFileName(),
        archiveMib,
        unpackedMib,
        runtimeMib,
        Median.of(launcherMs),
        Median.of(jdkMs),
        Median.of(cfnLintMs));
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("runs", runs)
        .put("template", Project.ROOT.relativize(Path.of(template)).toString())
        .put("archive", built.archive().getFileName().toString())
        .put("archive_bytes", Files.size(built.archive()))
        .put("unpacked_bytes", treeBytes(installed))
        .put("runtime_bytes", treeBytes(installed.resolve("runtime")))
        .put("launcher_ms_median", Median.of(launcherMs))
        .put("bin_ecs_guardrail_ms_median", Median.of(jdkMs))
        .put("cfn_lint_ms_median", Median.of(cfnLintMs));
    json.putPOJO("launcher_ms", launcherMs)
        .putPOJO("bin_ecs_guardrail_ms", jdkMs)
        .putPOJO("cfn_lint_ms", cfnLintMs);
    Files.createDirectories(DISTRIBUTION_REPORT.getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(DISTRIBUTION_REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(DISTRIBUTION_REPORT));
  }

  /** The bytes of the regular files under {@code dir} (symlinks not followed, not counted). */
  private static long treeBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** One run of {@code floor} with its AOT cache written instead of read. */
  private static void train(List<String> floor) throws IOException, InterruptedException {
    Files.deleteIfExists(FLOOR_CACHE);
    List<String> training = new ArrayList<>(floor);
    training.replaceAll(
        flag ->
            flag.equals("-XX:AOTCache=" + FLOOR_CACHE)
                ? "-XX:AOTCacheOutput=" + FLOOR_CACHE
                : flag);
    wallMs(training, 0);
    if (!Files.isRegularFile(FLOOR_CACHE)) {
      throw new IllegalStateException("the check floor's training run wrote no " + FLOOR_CACHE);
    }
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
}
