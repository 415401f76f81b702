package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * The CDK samples of {@code events/cdk/} are exactly what the pinned aws-cdk-lib writes: every app
 * of {@code events/cdk/apps/} is synthesized anew into {@code tests/target/cdk.out/} (one Node
 * process for all, {@code tests/cdk/synth.js}, with the node_modules {@code bin/setup-test-tools}
 * installs from {@code tests/cdk/package-lock.json}), and the stacks and their templates must be
 * the committed ones, byte for byte. The templates are committed, not only synthesized here,
 * because they are samples: SnapshotTest gives each its golden snapshot (the verdict of {@code
 * check}), the docs link them, and a CDK upgrade shows up as a diff of templates and verdicts in
 * review.
 */
class CdkSynthIT {

  private static final Path CDK_TOOLS = Project.ROOT.resolve(".tools/cdk");
  private static final Path LOCK = Project.ROOT.resolve("tests/cdk/package-lock.json");
  private static final Path OUT = Project.ROOT.resolve("tests/target/cdk.out");
  private static final String TEMPLATE = ".template.json";

  @Test
  void everyCommittedSample_isWhatThePinnedCdkSynthesizes() throws Exception {
    Path samples = Project.EVENTS.resolve("cdk");
    assertCommittedTemplatesAreSynthesized(samples, jsFiles(samples.resolve("apps")), "samples");
  }

  /**
   * The CDK form of OneVerdictTest's scenarios: tests/forms/cdk-app.js also proves, by running,
   * that CDK refuses the scenarios the test lists as impossible in CDK.
   */
  @Test
  void everyCommittedScenarioStack_isWhatThePinnedCdkSynthesizes() throws Exception {
    Path forms = Project.ROOT.resolve("tests/forms");
    assertCommittedTemplatesAreSynthesized(
        forms.resolve("cdk"), List.of(forms.resolve("cdk-app.js")), "forms");
  }

  private static void assertCommittedTemplatesAreSynthesized(
      Path committedIn, List<Path> apps, String corpus) throws Exception {
    Map<String, Path> synthesized = synthesize(apps, OUT.resolve(corpus));
    Map<String, Path> committed = templates(committedIn);
    assertEquals(
        committed.keySet(),
        synthesized.keySet(),
        "the stacks the apps write and the templates in "
            + Project.ROOT.relativize(committedIn)
            + " differ: every template there is one an app writes");
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, Path> stack : synthesized.entrySet()) {
      if (!Arrays.equals(
          Files.readAllBytes(committed.get(stack.getKey())),
          Files.readAllBytes(stack.getValue()))) {
        differing.add(Project.ROOT.relativize(stack.getValue()).toString());
      }
    }
    assertEquals(
        List.of(),
        differing,
        "the pinned aws-cdk-lib writes these templates otherwise than "
            + Project.ROOT.relativize(committedIn)
            + " holds them: if meant (an app or the pin changed), copy them there, run"
            + " bin/update-snapshots and review both diffs");
  }

  private static List<Path> jsFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
    }
  }

  /** Each app into {@code out/<app>/}; every template written, by file name. */
  private static Map<String, Path> synthesize(List<Path> apps, Path out) throws Exception {
    // bin/setup-test-tools writes this copy of the lock file after npm ci succeeded with it.
    Path installed = CDK_TOOLS.resolve(".package-lock");
    assertTrue(
        Files.exists(installed)
            && Arrays.equals(Files.readAllBytes(installed), Files.readAllBytes(LOCK)),
        "aws-cdk-lib as tests/cdk/package-lock.json pins it is not installed in "
            + CDK_TOOLS
            + ": run bin/setup-test-tools (it needs Node.js and npm)");
    deleteRecursively(out);
    List<String> command =
        new ArrayList<>(
            List.of("node", Project.ROOT.resolve("tests/cdk/synth.js").toString(), out.toString()));
    apps.forEach(p -> command.add(p.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("NODE_PATH", CDK_TOOLS.resolve("node_modules").toString());
    // The CDK CLI's variables (CDK_CONTEXT_JSON, CDK_DEFAULT_REGION, ...) would change what an app
    // writes: the committed templates come from the apps alone.
    builder.environment().keySet().removeIf(name -> name.startsWith("CDK_"));
    Process node = builder.start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(2, TimeUnit.MINUTES), "node did not finish:\n" + output);
    assertEquals(0, node.exitValue(), String.join(" ", command) + "\n" + output);

    Map<String, Path> templates = new TreeMap<>();
    try (Stream<Path> assemblies = Files.list(out)) {
      for (Path assembly : assemblies.toList()) {
        templates(assembly)
            .forEach(
                (name, template) -> {
                  Path other = templates.put(name, template);
                  assertNull(other, name + " is written by two apps");
                });
      }
    }
    return templates;
  }

  /** The {@code *.template.json} files directly in {@code dir}, by file name. */
  private static Map<String, Path> templates(Path dir) throws IOException {
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
