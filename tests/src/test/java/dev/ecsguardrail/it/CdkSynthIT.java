package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CDK templates are exactly what the pinned aws-cdk-lib writes: the samples of {@code
 * events/cdk/} (every app of {@code events/cdk/apps/}) and the CDK form of OneVerdictTest's
 * scenarios ({@code tests/forms/cdk-app.js} into {@code tests/forms/cdk/}) are synthesized anew
 * into {@code tests/target/cdk.out/} ({@link CdkApps}), and the stacks and their templates must be
 * the committed ones, byte for byte. The templates are committed, not only synthesized here,
 * because they are samples: SnapshotTest and OneVerdictTest read them without Node, the docs link
 * them, and a CDK upgrade shows up as a diff of templates and verdicts in review.
 */
class CdkSynthIT {

  private static final Path OUT = Project.ROOT.resolve("tests/target/cdk.out");

  @Test
  void everyCommittedSample_isWhatThePinnedCdkSynthesizes() throws Exception {
    Path samples = Project.EVENTS.resolve("cdk");
    try (Stream<Path> apps = Files.list(samples.resolve("apps"))) {
      assertCommittedTemplatesAreSynthesized(
          samples, apps.filter(p -> p.toString().endsWith(".js")).sorted().toList(), "samples");
    }
  }

  /**
   * Running cdk-app.js also proves CDK refuses the scenarios OneVerdictTest says it cannot write.
   */
  @Test
  void everyCommittedScenarioStack_isWhatThePinnedCdkSynthesizes() throws Exception {
    Path forms = Project.ROOT.resolve("tests/forms");
    assertCommittedTemplatesAreSynthesized(
        forms.resolve("cdk"), List.of(forms.resolve("cdk-app.js")), "forms");
  }

  private static void assertCommittedTemplatesAreSynthesized(
      Path committedIn, List<Path> apps, String corpus) throws IOException, InterruptedException {
    Map<String, Path> synthesized = CdkApps.synthesize(OUT.resolve(corpus), apps);
    Map<String, Path> committed = CdkApps.templates(committedIn);
    String folder = Project.ROOT.relativize(committedIn).toString();
    assertEquals(
        committed.keySet(),
        synthesized.keySet(),
        "the stacks the apps write and the templates in "
            + folder
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
            + folder
            + " holds them: if meant (an app or the pin changed), copy them there, run"
            + " bin/update-snapshots and review both diffs");
  }
}
