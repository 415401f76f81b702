package dev.ecsguardrail.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CDK apps (plain JavaScript) synthesized by the aws-cdk-lib pinned in {@code
 * tests/cdk/package-lock.json}, which {@code bin/setup-test-tools} installs into {@code
 * .tools/cdk}: all of them in one Node process ({@code tests/cdk/synth.js}), each into {@code
 * OUTDIR/<app file name without .js>/}.
 */
final class CdkApps {

  private static final Path CDK_TOOLS = Project.ROOT.resolve(".tools/cdk");
  private static final Path LOCK = Project.ROOT.resolve("tests/cdk/package-lock.json");
  private static final String TEMPLATE = ".template.json";

  private CdkApps() {}

  /**
   * Synthesizes the apps into {@code outdir}, emptied first.
   *
   * @return every stack's template, by file name
   * @throws IllegalStateException when the pinned aws-cdk-lib is not installed, Node fails, or two
   *     apps write the same stack
   */
  static Map<String, Path> synthesize(Path outdir, List<Path> apps)
      throws IOException, InterruptedException {
    // bin/setup-test-tools writes this copy of the lock file after npm ci succeeded with it.
    Path installed = CDK_TOOLS.resolve(".package-lock");
    if (!Files.exists(installed)
        || !Arrays.equals(Files.readAllBytes(installed), Files.readAllBytes(LOCK))) {
      throw new IllegalStateException(
          "aws-cdk-lib as tests/cdk/package-lock.json pins it is not installed in "
              + CDK_TOOLS
              + ": run bin/setup-test-tools (it needs Node.js and npm)");
    }
    deleteRecursively(outdir);
    List<String> command =
        new ArrayList<>(
            List.of(
                "node", Project.ROOT.resolve("tests/cdk/synth.js").toString(), outdir.toString()));
    apps.forEach(app -> command.add(app.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("NODE_PATH", CDK_TOOLS.resolve("node_modules").toString());
    // The CDK CLI's variables (CDK_CONTEXT_JSON, CDK_DEFAULT_REGION, ...) would change what an app
    // writes: the templates come from the apps alone.
    builder.environment().keySet().removeIf(name -> name.startsWith("CDK_"));
    Process node = builder.start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new IllegalStateException("node did not finish:\n" + output);
    }
    if (node.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + "\n" + output);
    }
    Map<String, Path> templates = new TreeMap<>();
    try (Stream<Path> assemblies = Files.list(outdir)) {
      for (Path assembly : assemblies.toList()) {
        for (Map.Entry<String, Path> template : templates(assembly).entrySet()) {
          if (templates.put(template.getKey(), template.getValue()) != null) {
            throw new IllegalStateException(template.getKey() + " is written by two apps");
          }
        }
      }
    }
    return templates;
  }

  /** The {@code *.template.json} files directly in {@code dir}, by file name. */
  static Map<String, Path> templates(Path dir) throws IOException {
    Map<String, Path> templates = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(p -> p.getFileName().toString().endsWith(TEMPLATE))
          .forEach(p -> templates.put(p.getFileName().toString(), p));
    }
    return templates;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
