package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CDK samples of {@code events/cdk/} are exactly what the pinned aws-cdk-lib writes: every app
 * of {@code events/cdk/apps/} is synthesized anew into {@code tests/target/cdk.out/} (one Node
 * process for all, {@link CdkApps}), and the stacks and their templates must be the committed ones,
 * byte for byte. The templates are committed, not only synthesized here, because they are samples:
 * SnapshotTest gives each its golden snapshot (the verdict of {@code check}), the docs link them,
 * and a CDK upgrade shows up as a diff of templates and verdicts in review.
 */
class CdkSynthIT {

  private static final Path CDK_SAMPLES = Project.EVENTS.resolve("cdk");
  private static final Path APPS = CDK_SAMPLES.resolve("apps");
  private static final Path OUT = Project.ROOT.resolve("tests/target/cdk.out");

  @Test
  void everyCommittedTemplate_isWhatThePinnedCdkSynthesizes() throws Exception {
    Map<String, Path> synthesized = synthesizeEveryApp();
    Map<String, Path> committed = CdkApps.templates(CDK_SAMPLES);
    assertEquals(
        committed.keySet(),
        synthesized.keySet(),
        "the stacks of events/cdk/apps/ and the templates in events/cdk/ differ: every template"
            + " there is one an app writes");
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
        "the pinned aws-cdk-lib writes these templates otherwise than events/cdk/ holds them: if"
            + " meant (an app or the pin changed), copy them into events/cdk/, run"
            + " bin/update-snapshots and review both diffs");
  }

  /** Each app into {@code OUT/<app>/}; every template written, by file name. */
  private static Map<String, Path> synthesizeEveryApp() throws Exception {
    try (Stream<Path> apps = Files.list(APPS)) {
      return CdkApps.synthesize(
          OUT, apps.filter(p -> p.toString().endsWith(".js")).sorted().toList());
    }
  }
}
