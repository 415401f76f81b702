package dev.ecsguardrail.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.PreDeployCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Rule;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Unknown is a property of one field: for every template sample, every field of its services and
 * task definitions, made unknown one at a time ({@code Fn::ImportValue}), and every rule, the rule
 * either gives the answer it gave with the field known, or says it did not run because it read that
 * value. Never a changed answer, never a silent pass.
 */
class UnknownFieldsTest {

  private static final Path EVENTS = Path.of("..", "events");
  private static final String IMPORTED = "ecs-guardrail-test-export";
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

  private final ContextSource context = new FileContextSource(taskDefinitions());
  private final PreDeployCheck check =
      new PreDeployCheck(RuleCatalog.SERVICE_RULES, new PolicyEngine(Policy.DEFAULTS, false));

  @Test
  void anUnknownField_holdsBackOnlyTheRulesThatReadIt() throws IOException {
    int unchanged = 0;
    int heldBack = 0;
    for (Map.Entry<String, JsonNode> sample : templates().entrySet()) {
      Map<String, Result> known = results(sample.getValue(), sample.getKey());
      for (String pointer : fields(sample.getValue())) {
        ObjectNode template = sample.getValue().deepCopy();
        replace(template, pointer);
        String what = sample.getKey() + pointer;
        Map<String, Result> unknown = results(template, what);
        assertEquals(known.keySet(), unknown.keySet(), what + ": every rule on every service");
        for (Map.Entry<String, Result> before : known.entrySet()) {
          Result after = unknown.get(before.getKey());
          String rule = what + " " + before.getKey();
          String id = before.getKey().substring(before.getKey().lastIndexOf(' ') + 1);
          if (before.getValue().notRun() != null) {
            assertTrue(after.notRun() != null, rule + ": an unknown more cannot let it run");
          } else if (after.notRun() == null) {
            assertEquals(
                names(pointer) ? before.getValue().shape() : before.getValue(),
                names(pointer) ? after.shape() : after,
                rule + ": a field it does not read");
            unchanged++;
          } else {
            assertTrue(
                mayRead(id, sample.getValue(), pointer),
                rule + " does not read it, yet: " + after.notRun());
            assertTrue(after.notRun().contains("Fn::ImportValue"), rule + ": " + after.notRun());
            heldBack++;
          }
        }
      }
    }
    System.out.println(heldBack + " held back, " + unchanged + " unchanged");
    assertTrue(heldBack > 100 && unchanged > 1000, heldBack + " held back, " + unchanged + " not");
  }

  @Test
  void aRuleThatReadsTheUnknownValue_isNotRun_neverAPass() {
    JsonNode template = templates().get("cloudformation/service-no-app-protocol.yaml");
    Map<String, Result> known = results(template, "known");
    ObjectNode unknownPorts = template.deepCopy();
    String ports = portMappings(unknownPorts);
    replace(unknownPorts, ports);

    Map<String, Result> unknown = results(unknownPorts, ports);

    String sc002 = known.keySet().stream().filter(k -> k.endsWith(" SC002")).findFirst().get();
    assertTrue(!known.get(sc002).findings().isEmpty(), "the sample has the SC002 mistake");
    assertTrue(unknown.get(sc002).findings().isEmpty());
    assertTrue(
        unknown.get(sc002).notRun().contains("Fn::ImportValue"), unknown.get(sc002)::toString);
    String sc001 = sc002.replace("SC002", "SC001");
    assertEquals(known.get(sc001), unknown.get(sc001), "SC001 does not read port mappings");
  }

  private static final String TD = "S TaskDefinition";
  private static final String PORT_NAMES = "T ContainerDefinitions/*/PortMappings/*/Name";
  private static final String APP_PROTOCOLS = "T ContainerDefinitions/*/PortMappings/*/AppProtocol";

  /**
   * What each rule may read, written here apart from the rules: {@code S} a service's property,
   * {@code T} a task definition's, {@code ?} only whether it is there; {@code *} any index. A field
   * on none of these ways must leave the rule's answer as it was.
   */
  private static final Map<String, List<String>> READS =
      Map.ofEntries(
          Map.entry("SC001", List.of("S DeploymentController/Type")),
          Map.entry("SC002", List.of(TD, PORT_NAMES, APP_PROTOCOLS)),
          Map.entry("SC003", List.of(TD, PORT_NAMES)),
          Map.entry(
              "SC004",
              List.of(
                  TD,
                  PORT_NAMES,
                  APP_PROTOCOLS,
                  "S ServiceConnectConfiguration/Namespace",
                  "T Cpu",
                  "T Memory",
                  "T ContainerDefinitions/*/Cpu",
                  "T ContainerDefinitions/*/Memory",
                  "T ContainerDefinitions/*/MemoryReservation",
                  "S LaunchType",
                  "S CapacityProviderStrategy/*/CapacityProvider",
                  "S DesiredCount",
                  "T RequiresCompatibilities",
                  "T RuntimePlatform/CpuArchitecture")),
          Map.entry("SC005", List.of(TD, PORT_NAMES, APP_PROTOCOLS, "T Memory", "S Cluster")),
          Map.entry("SC006", List.of(TD, "T RuntimePlatform/OperatingSystemFamily")),
          Map.entry("SC007", List.of("S ServiceConnectConfiguration/Namespace")),
          Map.entry("SC008", List.of(TD, "T ProxyConfiguration/Type")),
          Map.entry("SC009", List.of(TD, "T NetworkMode")),
          Map.entry("SC010", List.of("S? ServiceRegistries/*", "S DesiredCount")),
          Map.entry(
              "SC011",
              List.of(
                  TD,
                  "T Cpu",
                  "S LaunchType",
                  "S CapacityProviderStrategy/*/CapacityProvider",
                  "S DesiredCount",
                  "T RequiresCompatibilities",
                  "T RuntimePlatform/CpuArchitecture")),
          Map.entry("SC012", List.of("S? ServiceConnectConfiguration/Services/*/Tls")),
          Map.entry(
              "SC013",
              List.of(
                  "S? ServiceConnectConfiguration/AccessLogConfiguration",
                  "S ServiceConnectConfiguration/AccessLogConfiguration/Format",
                  "S? ServiceConnectConfiguration/LogConfiguration")),
          Map.entry(
              "SC014",
              List.of(
                  "S? ServiceConnectConfiguration/AccessLogConfiguration",
                  "S ServiceConnectConfiguration/AccessLogConfiguration/IncludeQueryParameters")),
          Map.entry("SC015", List.of()));

  /** What any rule may read on the way: whether Service Connect is on, its entries, the ports. */
  private static final List<String> ALWAYS =
      List.of(
          "S ServiceConnectConfiguration/Enabled",
          "S? ServiceConnectConfiguration/Services/*",
          "S ServiceConnectConfiguration/Services/*/PortName",
          "T? ContainerDefinitions/*",
          "T? ContainerDefinitions/*/PortMappings/*");

  private static boolean mayRead(String rule, JsonNode template, String pointer) {
    String[] parts = pointer.split("/");
    String type = template.path("Resources").path(parts[2]).path("Type").asText();
    String owner = type.equals(CloudFormationReader.SERVICE) ? "S" : "T";
    List<String> field = List.of(parts).subList(4, parts.length);
    // A service may name its task definition by the family the template gives it (CDK does).
    Stream<String> family = READS.get(rule).contains(TD) ? Stream.of("T Family") : Stream.empty();
    return Stream.of(READS.get(rule).stream(), ALWAYS.stream(), family)
        .flatMap(s -> s)
        .anyMatch(read -> onTheWay(read, owner, field));
  }

  /** The unknown field is what the read reaches, holds it, or (unless only presence) lies in it. */
  private static boolean onTheWay(String read, String owner, List<String> field) {
    String[] kindAndPath = read.split(" ", 2);
    if (!kindAndPath[0].startsWith(owner)) {
      return false;
    }
    List<String> path = List.of(kindAndPath[1].split("/"));
    for (int i = 0; i < Math.min(path.size(), field.size()); i++) {
      if (!path.get(i).equals(field.get(i))
          && !(path.get(i).equals("*") && field.get(i).matches("\\d+"))) {
        return false;
      }
    }
    return field.size() <= path.size() || !kindAndPath[0].endsWith("?");
  }

  /**
   * The family, a container's name and a port's number only name things in messages: unknown, the
   * reader labels them (the logical id) or leaves them out, and the findings stay.
   */
  private static boolean names(String pointer) {
    return pointer.endsWith("/Family")
        || pointer.endsWith("/ContainerPort")
        || pointer.matches(".*/ContainerDefinitions/\\d+/Name");
  }

  /** One rule's answer on one service: its findings, or why it did not run. */
  record Result(List<Finding> all, String notRun) {

    List<String> findings() {
      return all.stream()
          .map(f -> f.severity() + " " + f.path() + " " + f.message() + " " + f.remediation())
          .toList();
    }

    /** The findings without their texts. */
    List<String> shape() {
      return all.stream().map(f -> f.severity() + " $" + f.monthlyCostUsd()).toList();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Result r && findings().equals(r.findings()) && notRunEquals(r);
    }

    private boolean notRunEquals(Result r) {
      return java.util.Objects.equals(notRun, r.notRun);
    }

    @Override
    public int hashCode() {
      return findings().hashCode();
    }
  }

  private Map<String, Result> results(JsonNode template, String file) {
    PlannedInput input =
        CloudFormationReader.read(
            template.toString().getBytes(StandardCharsets.UTF_8), file, Map.of());
    Decision decision = check.check(List.of(input), List.of(), context, "us-east-1", TODAY);
    Map<String, Result> results = new TreeMap<>();
    for (ResourceReport report : decision.evaluation().resources()) {
      if (!report.type().equals(CloudFormationReader.SERVICE)) {
        continue;
      }
      for (Rule rule : RuleCatalog.SERVICE_RULES) {
        String id = rule.info().id();
        List<Finding> findings =
            decision.verdicts().stream()
                .map(v -> v.finding())
                .filter(f -> f.ruleId().equals(id) && f.resource().equals(report.address()))
                .toList();
        results.put(
            report.address() + " " + id, new Result(findings, report.rulesNotRun().get(id)));
      }
    }
    return results;
  }

  /** Every value under the Properties of each service and task definition. */
  private static List<String> fields(JsonNode template) {
    List<String> pointers = new ArrayList<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            r -> {
              String type = r.getValue().path("Type").asText();
              if (type.equals(CloudFormationReader.SERVICE)
                  || type.equals(CloudFormationReader.TASK_DEFINITION)) {
                collect(
                    r.getValue().path("Properties"),
                    "/Resources/"
                        + r.getKey().replace("~", "~0").replace("/", "~1")
                        + "/Properties",
                    pointers);
              }
            });
    return pointers;
  }

  private static void collect(JsonNode node, String at, List<String> out) {
    if (isIntrinsic(node)) {
      return; // already unknown, or resolved by the reader: not a field the user wrote
    }
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                String child = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                out.add(child);
                collect(e.getValue(), child, out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(at + "/" + i);
        collect(node.get(i), at + "/" + i, out);
      }
    }
  }

  private static boolean isIntrinsic(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      return false;
    }
    String key = node.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  private static void replace(ObjectNode template, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = template.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    ObjectNode imported = JsonNodeFactory.instance.objectNode().put("Fn::ImportValue", IMPORTED);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), imported);
    } else {
      ((ObjectNode) parent).set(last, imported);
    }
  }

  private static String portMappings(JsonNode template) {
    return fields(template).stream()
        .filter(p -> p.endsWith("/PortMappings/0/Name"))
        .findFirst()
        .orElseThrow()
        .replaceFirst("/Name$", "");
  }

  /** The template samples, and each hook request's service as a template of its own. */
  private static Map<String, JsonNode> templates() {
    Map<String, JsonNode> templates = new LinkedHashMap<>();
    try (Stream<Path> files =
        Stream.of("cloudformation", "sam", "cdk")
            .flatMap(f -> list(EVENTS.resolve(f)))
            .filter(f -> !f.toString().endsWith(".args")) // a command line over a sample
            .sorted()) {
      for (Path file : files.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        String name = EVENTS.relativize(file).toString();
        templates.put(
            name,
            InputKind.startsLikeJson(bytes)
                ? LocatedJson.parse(bytes, name).root()
                : LocatedYaml.parse(bytes, name).root());
      }
      for (Path file : list(EVENTS.resolve("hook")).sorted().toList()) {
        JsonNode request = StrictJson.parse(Files.readAllBytes(file), file.toString());
        JsonNode properties = request.at("/requestData/targetModel/resourceProperties");
        if ("AWS::ECS::Service".equals(request.at("/requestData/targetName").asText())
            && properties.isObject()) {
          ObjectNode template = JsonNodeFactory.instance.objectNode();
          template
              .putObject("Resources")
              .putObject("Service")
              .put("Type", CloudFormationReader.SERVICE)
              .set("Properties", properties);
          templates.put(EVENTS.relativize(file).toString(), template);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return templates;
  }

  private static Stream<Path> list(Path folder) {
    try {
      return Files.list(folder).filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<dev.ecsguardrail.model.TaskDefinitionView> taskDefinitions() {
    return list(EVENTS.resolve("taskdefs"))
        .map(
            f -> {
              try {
                return TaskDefinitionReader.read(
                    StrictJson.parse(Files.readAllBytes(f), f.toString()), f.toString());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .toList();
  }
}
