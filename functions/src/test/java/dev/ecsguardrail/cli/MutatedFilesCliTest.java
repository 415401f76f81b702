package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.props.Cases;
import dev.ecsguardrail.props.Mutations;
import dev.ecsguardrail.props.Mutations.Mutated;
import dev.ecsguardrail.props.RawMutation;
import dev.ecsguardrail.props.RequiredFields;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code check} in-process over damaged sample files written to a temporary folder, offline (every
 * sample task definition is passed with {@code --task-definition}, so no AWS call is made): exit 0
 * or 1 with a JSON result and nothing on stderr when the damage is harmless, else exit 2 with one
 * line on stderr; never a stack trace.
 */
class MutatedFilesCliTest {

  private static final Path DIR = temporaryFolder();
  private static final List<String> TASK_DEFINITIONS = taskDefinitionArgs();

  /** CreateService/UpdateService events, alarm state changes and DeleteCluster records. */
  private static final Map<String, JsonNode> EVENTS = events();

  /** The request bodies of the CreateService samples, as {@code --service} reads them. */
  private static final Map<String, JsonNode> PLANNED = planned();

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("mutated-cli");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeTemporaryFolder() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static List<String> taskDefinitionArgs() {
    List<String> args = new ArrayList<>();
    try (Stream<Path> tds = Files.list(Mutations.EVENTS.resolve("taskdefs"))) {
      tds.sorted().forEach(td -> args.addAll(List.of("--task-definition", td.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return args;
  }

  private static Map<String, JsonNode> events() {
    Map<String, JsonNode> events = new LinkedHashMap<>(Mutations.samples("", n -> true));
    Mutations.samples("alarm", n -> true).forEach((k, v) -> events.put("alarm/" + k, v));
    Mutations.samples("cluster", n -> true).forEach((k, v) -> events.put("cluster/" + k, v));
    return events;
  }

  private static Map<String, JsonNode> planned() {
    Map<String, JsonNode> bodies = new LinkedHashMap<>();
    Mutations.samples("", n -> n.startsWith("create-service-"))
        .forEach(
            (name, event) -> {
              JsonNode body = event.path("detail").path("requestParameters");
              if (body.isObject()) {
                bodies.put(name + " requestParameters", body);
              }
            });
    return bodies;
  }

  private static final Function<Random, Mutated> EVENT_CASES = Mutations.of(EVENTS, true);

  private static final Function<Random, Mutated> TASK_DEFINITION_CASES =
      Mutations.of(Mutations.samples("taskdefs", n -> true), true);

  private static final Function<Random, Mutated> PLANNED_SERVICE_CASES =
      Mutations.of(PLANNED, true);

  /**
   * The JSON plans and templates. Not the plan that names an existing revision by ARN: damaged, it
   * could name one the files lack, and the command line would ask the ECS API.
   */
  private static final Function<Random, Mutated> PRE_DEPLOY_CASES = Mutations.of(preDeploy(), true);

  private static Map<String, JsonNode> preDeploy() {
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (String folder : List.of("terraform", "cloudformation", "cdk")) {
      Mutations.samples(folder, n -> true).forEach((k, v) -> samples.put(folder + "/" + k, v));
    }
    try (Stream<Path> plans = Files.list(Mutations.EVENTS.resolve("terraform"))) {
      for (Path folder : plans.filter(Files::isDirectory).sorted().toList()) {
        String name = folder.getFileName().toString();
        if (!name.equals("update-existing-revision")) {
          Mutations.samples("terraform/" + name, n -> n.equals("plan.json"))
              .forEach((k, v) -> samples.put("terraform/" + name + "/" + k, v));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return samples;
  }

  /** The YAML templates, damaged as bytes (cut short, invalid UTF-8, NUL, garbage, BOM). */
  private record DamagedYaml(String sample, RawMutation damage) {}

  private static final List<Path> YAML_SAMPLES =
      List.of(
          Mutations.EVENTS.resolve("cloudformation/service-no-app-protocol.yaml"),
          Mutations.EVENTS.resolve("cloudformation/if-decided.yaml"),
          Mutations.EVENTS.resolve("sam/template.yaml"));

  /** What one run printed and returned. */
  private record Run(int exit, String out, List<String> err) {}

  private static Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args.toArray(String[]::new));
    return new Run(
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  private static Path write(String name, byte[] bytes) {
    try {
      return Files.write(DIR.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit-code contract, whatever the input. */
  private static void assertContract(Run run, Object input) {
    assertTrue(run.exit() >= 0 && run.exit() <= 2, () -> input + ": exit " + run.exit());
    for (String line : run.err()) {
      assertFalse(
          line.strip().startsWith("at ")
              || line.contains("Exception in thread")
              || line.startsWith("Caused by"),
          () -> input + ": stack trace on stderr: " + run.err());
    }
    if (run.exit() == Main.UNEVALUABLE) {
      assertEquals(1, run.err().size(), () -> input + ": stderr " + run.err());
      String line = run.err().getFirst();
      assertTrue(line.startsWith("ecs-guardrail: "), line);
      assertFalse(line.substring("ecs-guardrail: ".length()).isBlank(), line);
      assertTrue(line.chars().noneMatch(Character::isISOControl), () -> input + ": " + line);
    } else {
      assertEquals(List.of(), run.err(), () -> input + ": exit " + run.exit() + " with stderr");
      JsonNode result =
          StrictJson.parse(run.out().getBytes(StandardCharsets.UTF_8), "stdout of " + input);
      if (result.has("evaluable")) {
        assertTrue(result.get("evaluable").asBoolean(), () -> input + ": " + run.out());
        boolean failing = false;
        for (JsonNode f : result.path("findings")) {
          failing |=
              "reported".equals(f.path("verdict").asText())
                  && !"LOW".equals(f.path("severity").asText());
        }
        // A rule at or above MEDIUM (--fail-on's default) that could not run fails it too.
        for (JsonNode resource : result.path("resources")) {
          for (String ruleId : (Iterable<String>) resource.path("rulesNotRun")::fieldNames) {
            failing |= RuleCatalog.info(ruleId).orElseThrow().severity() != Severity.LOW;
          }
        }
        assertEquals(failing ? Main.FINDINGS : Main.OK, run.exit(), () -> input + run.out());
      }
    }
  }

  /**
   * {@code check --event FILE} on a damaged event. A DeleteCluster record that still parses would
   * make the command line look the cluster up in AWS: those are skipped (the ones that no longer
   * parse are checked offline, and must exit 2).
   */
  @Test
  void damagedEvent_exits0or1WithAResult_or2WithOneLine() {
    Cases.check(
        "damagedEvent_exits0or1WithAResult_or2WithOneLine",
        400,
        EVENT_CASES,
        event -> {
          JsonNode tree = event.tree();
          boolean deletion = ClusterDeletionParser.isClusterDeletion(tree);
          if (deletion) {
            boolean parses;
            try {
              ClusterDeletionParser.parse(tree);
              parses = true;
            } catch (MalformedEventException e) {
              parses = false;
            }
            Cases.assume(!parses);
          }
          Path file = write("event.json", event.bytes());
          List<String> args = new ArrayList<>(List.of("check", "--event", file.toString()));
          args.addAll(TASK_DEFINITIONS);

          Run run = run(args);

          assertContract(run, event);
          if (deletion) {
            assertEquals(Main.UNEVALUABLE, run.exit());
          }
          if (!event.sample().startsWith("alarm/")
              && !deletion
              && RequiredFields.violation(tree).isPresent()) {
            assertEquals(Main.UNEVALUABLE, run.exit(), () -> event + " lost a required field");
          }
          Cases.count("exit", run.exit());
        });
  }

  /** {@code check --event <intact sample> --task-definition <damaged file>}. */
  @Test
  void damagedTaskDefinition_exits0or1_or2WithOneLine() {
    Cases.check(
        "damagedTaskDefinition_exits0or1_or2WithOneLine",
        300,
        TASK_DEFINITION_CASES,
        td -> {
          Path file = write(td.sample(), td.bytes());
          String event =
              switch (td.sample()) {
                case "orders-grpc.json" -> "create-service-sc-grpc-no-headroom.json";
                case "payments-tcp.json" -> "create-service-sc-no-app-protocol.json";
                case "search-http.json" -> "create-service-port-name-mismatch.json";
                case "legacy-mesh.json" -> "create-service-app-mesh.json";
                case "hostnet-agent.json" -> "create-service-host-network.json";
                default -> "create-service-sc-http-clean.json";
              };
          Run run =
              run(
                  List.of(
                      "check",
                      "--event",
                      Mutations.EVENTS.resolve(event).toString(),
                      "--task-definition",
                      file.toString()));

          assertContract(run, td);
          Cases.count("exit", run.exit());
        });
  }

  /** {@code check FILE} on a damaged plan or JSON template, told apart by its content. */
  @Test
  void damagedPlanOrTemplate_exits0or1WithAResult_or2WithOneLine() {
    Cases.check(
        "damagedPlanOrTemplate_exits0or1WithAResult_or2WithOneLine",
        400,
        PRE_DEPLOY_CASES,
        input -> {
          Path file = write("input.json", input.bytes());
          List<String> args = new ArrayList<>(List.of("check", file.toString()));
          args.addAll(TASK_DEFINITIONS);

          Run run = run(args);

          assertContract(run, input);
          Cases.count("exit", run.exit());
        });
  }

  @Test
  void damagedYamlTemplate_exits0or1WithAResult_or2WithOneLine() {
    RawMutation.Kind[] kinds = RawMutation.Kind.values();
    Cases.check(
        "damagedYamlTemplate_exits0or1WithAResult_or2WithOneLine",
        200,
        random ->
            new DamagedYaml(
                YAML_SAMPLES.get(random.nextInt(YAML_SAMPLES.size())).toString(),
                new RawMutation(kinds[1 + random.nextInt(kinds.length - 1)], random.nextInt(1000))),
        input -> {
          byte[] bytes;
          try {
            bytes = input.damage().apply(Files.readAllBytes(Path.of(input.sample())));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          Path file = write("template.yaml", bytes);

          Run run = run(List.of("check", "--template", file.toString()));

          assertContract(run, input);
          Cases.count("exit", run.exit());
        });
  }

  /** {@code check --service <damaged CreateService body> --task-definition ...}. */
  @Test
  void damagedPlannedService_exits0or1_or2WithOneLine() {
    Cases.check(
        "damagedPlannedService_exits0or1_or2WithOneLine",
        300,
        PLANNED_SERVICE_CASES,
        body -> {
          Path file = write("service.json", body.bytes());
          List<String> args = new ArrayList<>(List.of("check", "--service", file.toString()));
          args.addAll(TASK_DEFINITIONS);

          Run run = run(args);

          assertContract(run, body);
          Cases.count("exit", run.exit());
        });
  }
}
