package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan fixture ({@code events/terraform/NAME/plan.json}) is what {@code terraform show -json}
 * writes, and its {@code .tf} sources are beside it: one line and a newline; the keys in
 * Terraform's order (its structs' fields; attribute values sorted, as cty writes them); every
 * resource change with {@code after_unknown}, {@code before_sensitive} and {@code after_sensitive};
 * every resource of the {@code configuration} written in the {@code .tf} files of its module's
 * folder; and every finding of {@code check} on it at a {@code .tf} line, not in the plan.
 */
class TerraformFixturesTest {

  private static final Path EVENTS = Path.of("..", "events");

  /** Terraform's {@code jsonplan.plan} fields, in order (format 1.2, Terraform 1.11 to 1.14). */
  private static final List<String> PLAN =
      List.of(
          "format_version",
          "terraform_version",
          "variables",
          "planned_values",
          "resource_drift",
          "resource_changes",
          "deferred_changes",
          "deferred_action_invocations",
          "output_changes",
          "action_invocations",
          "prior_state",
          "configuration",
          "relevant_attributes",
          "checks",
          "timestamp",
          "applyable",
          "complete",
          "errored");

  /** {@code jsonplan.ResourceChange}. */
  private static final List<String> RESOURCE_CHANGE =
      List.of(
          "address",
          "previous_address",
          "module_address",
          "mode",
          "type",
          "name",
          "index",
          "index_unknown",
          "provider_name",
          "deposed",
          "change",
          "action_reason");

  /** {@code jsonplan.Change}. */
  private static final List<String> CHANGE =
      List.of(
          "actions",
          "before",
          "after",
          "after_unknown",
          "before_sensitive",
          "after_sensitive",
          "replace_paths",
          "importing",
          "generated_config",
          "before_identity",
          "after_identity");

  static List<Path> plans() {
    try (Stream<Path> files = Files.walk(EVENTS.resolve("terraform"))) {
      return files.filter(p -> p.getFileName().toString().equals("plan.json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyPlanFolder_isFound() {
    assertTrue(plans().size() >= 11, "plans: " + plans());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void isOneLine_inTerraformsOrder(Path plan) throws IOException {
    String text = Files.readString(plan);
    assertTrue(text.endsWith("}\n"), "one line and a newline");
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line");
    JsonNode root = StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), plan.toString());

    assertInOrder(PLAN, root, "the plan");
    for (String field :
        List.of("format_version", "terraform_version", "planned_values", "configuration")) {
      assertTrue(root.has(field), field);
    }
    for (String field : List.of("timestamp", "applyable", "complete", "errored")) {
      assertTrue(root.has(field), field);
    }
    assertTrue(root.path("resource_changes").size() > 0, "resource_changes");
    for (JsonNode change : root.path("resource_changes")) {
      String address = change.path("address").asText();
      assertInOrder(RESOURCE_CHANGE, change, address);
      assertInOrder(CHANGE, change.path("change"), address + ".change");
      for (String field : List.of("before", "after", "after_unknown", "after_sensitive")) {
        assertSorted(change.path("change").path(field), address + ".change." + field);
      }
      assertSorted(change.path("change").path("before_sensitive"), address);
    }
    assertValuesSorted(root.path("planned_values").path("root_module"));
    assertValuesSorted(root.path("prior_state").path("values").path("root_module"));
  }

  /** The values of a module's resources and of its child modules' (planned or prior). */
  private static void assertValuesSorted(JsonNode module) {
    for (JsonNode resource : module.path("resources")) {
      String address = resource.path("address").asText();
      assertSorted(resource.path("values"), address + ".values");
      assertSorted(resource.path("sensitive_values"), address + ".sensitive_values");
    }
    module.path("child_modules").forEach(TerraformFixturesTest::assertValuesSorted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void everyChange_hasItsUnknownsAndSensitives_computedIdsIncluded(Path plan) throws IOException {
    JsonNode root = StrictJson.parse(Files.readAllBytes(plan), plan.toString());
    for (JsonNode resource : root.path("resource_changes")) {
      String address = resource.path("address").asText();
      JsonNode change = resource.path("change");
      for (String field : List.of("after_unknown", "before_sensitive", "after_sensitive")) {
        assertTrue(change.has(field), address + " has no " + field);
      }
      if (change.path("after").isObject()) {
        // every resource type here has a computed id and tags_all: known, or marked unknown
        for (String computed : List.of("id", "tags_all")) {
          assertTrue(
              change.path("after").hasNonNull(computed)
                  || change.path("after_unknown").path(computed).asBoolean(),
              address + "." + computed + " neither known nor in after_unknown");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void everyConfiguredResource_isWrittenInTheTfFilesOfItsModule(Path plan) throws IOException {
    JsonNode root = StrictJson.parse(Files.readAllBytes(plan), plan.toString());
    List<String> missing = new ArrayList<>();
    int resources =
        written(root.path("configuration").path("root_module"), plan.getParent(), missing);

    assertTrue(resources > 0, "resources in the configuration");
    assertEquals(List.of(), missing);
  }

  /** The resources of a module and its local child modules, looked for in their folders. */
  private static int written(JsonNode module, Path folder, List<String> missing)
      throws IOException {
    String tf = tfText(folder);
    assertFalse(tf.isEmpty(), folder + " holds no .tf file");
    int count = 0;
    for (JsonNode resource : module.path("resources")) {
      String type = resource.path("type").asText();
      String name = resource.path("name").asText();
      String block =
          "(?m)^resource\\s+\""
              + Pattern.quote(type)
              + "\"\\s+\""
              + Pattern.quote(name)
              + "\"\\s*\\{";
      if (!Pattern.compile(block).matcher(tf).find()) {
        missing.add(folder + ": resource \"" + type + "\" \"" + name + "\"");
      }
      count++;
    }
    for (var call : module.path("module_calls").properties()) {
      String source = call.getValue().path("source").asText();
      assertTrue(source.startsWith("./"), call.getKey() + ": a local module, " + source);
      count += written(call.getValue().path("module"), folder.resolve(source).normalize(), missing);
    }
    return count;
  }

  private static String tfText(Path folder) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        text.append(Files.readString(file)).append('\n');
      }
    }
    return text.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void everyFinding_pointsToATfLine(Path plan) {
    JsonNode output = check(plan);

    for (JsonNode finding : output.path("findings")) {
      JsonNode location = finding.path("location");
      assertTrue(
          location.path("file").asText().endsWith(".tf") && location.path("line").asInt() > 0,
          finding.path("ruleId").asText() + " at " + location);
    }
  }

  @Test
  void theFindings_areNotNone() {
    int findings = 0;
    for (Path plan : plans()) {
      findings += check(plan).path("findings").size();
    }
    assertTrue(findings >= 8, "findings on the plans: " + findings);
  }

  /** {@code check PLAN} on the offline fleet, as the snapshots run it. */
  private static JsonNode check(Path plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = SnapshotTest.args(plan);
    new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()))
        .run(
            args.stream().map(a -> a.startsWith("events/") ? "../" + a : a).toArray(String[]::new));
    return StrictJson.parse(out.toByteArray(), plan + "'s output");
  }

  /** The fields Terraform writes, in the order of its struct; none it does not know. */
  private static void assertInOrder(List<String> order, JsonNode object, String what) {
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    for (String field : fields) {
      assertTrue(order.contains(field), what + ": " + field + " is not a field Terraform writes");
    }
    List<String> expected = order.stream().filter(fields::contains).toList();
    assertEquals(expected, fields, what + ": fields in Terraform's order");
  }

  /** cty writes an object's attributes and a map's keys sorted, at every depth. */
  private static void assertSorted(JsonNode value, String what) {
    if (value.isObject()) {
      List<String> fields = new ArrayList<>();
      value.fieldNames().forEachRemaining(fields::add);
      assertEquals(fields.stream().sorted().toList(), fields, what + ": keys sorted");
      value.properties().forEach(e -> assertSorted(e.getValue(), what + "." + e.getKey()));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        assertSorted(value.get(i), what + "[" + i + "]");
      }
    }
  }
}
