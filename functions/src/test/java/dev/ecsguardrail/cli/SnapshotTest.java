package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden snapshots, the cfn-lint habit: every sample input in {@code events/} has its {@code check
 * --format json} output and exit code in {@code tests/snapshots/}, with the offline context it ran
 * on ({@code events/context/fleet.json} and the task definitions of {@code events/taskdefs/}). A
 * sample checked with options of its own is a {@code NAME.args} file beside it: its command line,
 * e.g. {@code events/cloudformation/x.yaml --accept-partial}, with its own snapshot ({@code
 * NAME.args.json}). {@code bin/update-snapshots} regenerates them ({@code
 * -Dsnapshots.update=true}); review the diff before committing. Every snapshot also validates
 * against {@code docs/decision.schema.json}.
 */
class SnapshotTest {

  private static final Path ROOT = Path.of("..");
  private static final Path EVENTS = ROOT.resolve("events");
  private static final Path SNAPSHOTS = ROOT.resolve("tests/snapshots");
  private static final boolean UPDATE = Boolean.getBoolean("snapshots.update");

  /** Plans and templates, checked as {@code check FILE}; the rest are events. */
  private static final List<String> PRE_DEPLOY =
      List.of("terraform", "cloudformation", "sam", "cdk");

  /**
   * Every sample input and command line ({@code .args}): not the task definitions and fleet they
   * run with, nor SNS bodies.
   */
  static List<Path> samples() {
    try (Stream<Path> files = Files.walk(EVENTS)) {
      return files
          .filter(p -> p.toString().matches(".*\\.(json|yaml|yml|args)$"))
          .filter(p -> !p.startsWith(EVENTS.resolve("taskdefs")))
          .filter(p -> !p.startsWith(EVENTS.resolve("context")))
          .filter(p -> !p.startsWith(EVENTS.resolve("sns")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code check --event FILE} (an event), {@code check FILE} (a plan or template, told by its
   * content) or {@code check} and the {@code .args} file's command line, on the offline fleet,
   * paths relative to the repository.
   */
  static List<String> args(Path sample) {
    List<String> args = new ArrayList<>(List.of("check"));
    boolean preDeploy = PRE_DEPLOY.contains(EVENTS.relativize(sample).getName(0).toString());
    if (sample.toString().endsWith(".args")) {
      try {
        args.addAll(List.of(Files.readString(sample).strip().split("\\s+")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      args.addAll(preDeploy ? List.of(relative(sample)) : List.of("--event", relative(sample)));
    }
    args.addAll(List.of("--inventory", "events/context/fleet.json"));
    try (Stream<Path> tds = Files.list(EVENTS.resolve("taskdefs"))) {
      tds.sorted().forEach(td -> args.addAll(List.of("--task-definition", relative(td))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return args;
  }

  private static String relative(Path file) {
    return ROOT.relativize(file).toString().replace('\\', '/');
  }

  /** {@code tests/snapshots/} + the sample's path; a YAML sample's snapshot adds {@code .json}. */
  private static Path snapshotOf(Path sample) {
    Path relative = EVENTS.relativize(sample);
    return SNAPSHOTS.resolve(
        relative.toString().endsWith(".json") ? relative.toString() : relative + ".json");
  }

  /** The snapshot as the command makes it now: args, exit code, output. */
  private static ObjectNode run(Path sample) {
    List<String> args = args(sample);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err))
            .run(
                args.stream()
                    .map(a -> a.startsWith("events/") ? "../" + a : a)
                    .toArray(String[]::new));
    ObjectNode snapshot = StrictJson.MAPPER.createObjectNode();
    ArrayNode argsNode = snapshot.putArray("args");
    args.forEach(argsNode::add);
    snapshot.put("exitCode", exit);
    // The command ran from functions/ on ../events/...: name the files as the recorded args do.
    String output = out.toString(StandardCharsets.UTF_8).replace("\"../events/", "\"events/");
    snapshot.set(
        "output",
        StrictJson.parse(output.getBytes(StandardCharsets.UTF_8), relative(sample) + "'s output"));
    return snapshot;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySample_printsItsSnapshot(Path sample) throws IOException {
    String actual = pretty(run(sample));
    Path file = snapshotOf(sample);
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    if (!Files.exists(file)) {
      fail(relative(sample) + " has no snapshot: run bin/update-snapshots and review it");
    }
    String expected = Files.readString(file);
    if (!expected.equals(actual)) {
      fail(
          relative(sample)
              + " no longer prints its snapshot ("
              + relative(file)
              + "); if the change is meant, run bin/update-snapshots and review the diff:\n"
              + diff(expected, actual));
    }
  }

  @Test
  void everySnapshot_hasItsSample() throws IOException {
    List<Path> samples = samples().stream().map(SnapshotTest::snapshotOf).toList();
    try (Stream<Path> files = Files.walk(SNAPSHOTS)) {
      List<Path> orphans =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !samples.contains(p))
              .toList();
      assertEquals(List.of(), orphans, "snapshots whose sample is gone: delete them");
    }
  }

  @Test
  void everySnapshot_validatesAgainstTheDecisionSchema() throws IOException {
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Files.readString(ROOT.resolve("docs/decision.schema.json")));
    int validated = 0;
    for (Path sample : samples()) {
      Path file = snapshotOf(sample);
      if (!Files.exists(file)) {
        continue; // everySample_printsItsSnapshot says so
      }
      JsonNode output = StrictJson.parse(Files.readAllBytes(file), relative(file)).get("output");
      var errors = schema.validate(output);
      assertEquals(List.of(), errors.stream().map(Object::toString).toList(), relative(file));
      validated++;
    }
    assertTrue(validated > 20, "validated " + validated + " snapshots");
  }

  /** The schema is not vacuous: a finding without its rule id is refused. */
  @Test
  void theSchema_refusesAFindingWithoutItsRuleId() throws IOException {
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Files.readString(ROOT.resolve("docs/decision.schema.json")));
    ObjectNode output =
        (ObjectNode) run(EVENTS.resolve("create-service-sc-no-app-protocol.json")).get("output");
    assertEquals(List.of(), schema.validate(output));
    ((ObjectNode) output.get("findings").get(0)).remove("ruleId");

    assertEquals(1, schema.validate(output).size());
  }

  private static String pretty(JsonNode node) {
    try {
      return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first lines that differ, with three lines of context on each side. */
  static String diff(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int first = 0;
    while (first < a.size() && first < b.size() && a.get(first).equals(b.get(first))) {
      first++;
    }
    int lastA = a.size() - 1;
    int lastB = b.size() - 1;
    while (lastA >= first && lastB >= first && a.get(lastA).equals(b.get(lastB))) {
      lastA--;
      lastB--;
    }
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, first - 3); i < first; i++) {
      out.append("  ").append(a.get(i)).append('\n');
    }
    for (int i = first; i <= lastA; i++) {
      out.append("- ").append(a.get(i)).append('\n');
    }
    for (int i = first; i <= lastB; i++) {
      out.append("+ ").append(b.get(i)).append('\n');
    }
    for (int i = lastB + 1; i < Math.min(b.size(), lastB + 4); i++) {
      out.append("  ").append(b.get(i)).append('\n');
    }
    return out.toString();
  }
}
