package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code bin/ecs-guardrail check} against the tools teams already run in CI, on the same inputs:
 * cfn-lint and {@code checkov --skip-download -f} on a CloudFormation template, checkov on a
 * Terraform plan; on the small samples and on a generated template and plan of 500 services. Each
 * command a fresh process, timed wall to wall, all of them interleaved round by round so the
 * machine's drift spreads evenly; medians. Also on the CDK stacks of events/cdk/ (synthesized by
 * the pinned aws-cdk-lib) and on a CDK app of 500 services in 21 stacks (bench/cdk/fleet.js,
 * synthesized here; each tool given all its templates in one command), with what each tool reports
 * on their ECS resources (clusters, services, task definitions) and how often (one run each, JSON
 * output): the Service Connect mistakes they were written with are ours to find (the fleet's
 * expected counts are the app's expected.json), and the peers' rules say whether anyone else does.
 * A program, not a test. Run: bench/peers [--runs N=7].
 */
public final class PeersBenchmark {

  private static final Path OUT = Project.ROOT.resolve("tests/target/bench-peers");
  private static final Path REPORT = Project.ROOT.resolve("tests/target/peers-benchmark.json");
  private static final int SERVICES = 500;
  private static final Path FLEET_APP = Project.ROOT.resolve("bench/cdk/fleet.js");

  /** Synthesized stacks with a Service Connect mistake each, and a clean one. */
  private static final List<String> CDK_STACKS =
      List.of(
          "ShopStack", "OrdersBlueGreenStack", "InventoryStack", "QuotesGrpcStack", "CatalogStack");

  private PeersBenchmark() {}

  /**
   * What the tools are given: one file, or all the templates of a CDK app.
   *
   * @param expected the findings we should report, by rule id; empty when not written down
   */
  private record Input(String name, List<Path> files, boolean plan, Map<String, Integer> expected) {

    Input(String name, Path file, boolean plan) {
      this(name, List.of(file), plan, Map.of());
    }

    long bytes() throws IOException {
      long bytes = 0;
      for (Path file : files) {
        bytes += Files.size(file);
      }
      return bytes;
    }
  }

  private record Command(String tool, Input input, List<String> argv) {}

  public static void main(String[] args) throws Exception {
    int runs = 7;
    if (args.length == 2 && args[0].equals("--runs") && args[1].matches("[1-9][0-9]*")) {
      runs = Math.max(7, Integer.parseInt(args[1]));
    } else if (args.length != 0) {
      System.err.println("usage: bench/peers [--runs N>=7]");
      System.exit(2);
    }
    Files.createDirectories(OUT);
    List<Input> inputs =
        new ArrayList<>(
            List.of(
                new Input(
                    "template",
                    Project.EVENTS.resolve("cloudformation/service-no-app-protocol.yaml"),
                    false),
                new Input("template-500", writeTemplate(OUT.resolve("template-500.yaml")), false),
                new Input(
                    "plan",
                    Project.EVENTS.resolve("terraform/new-service-no-app-protocol/plan.json"),
                    true),
                new Input("plan-500", writePlan(OUT.resolve("plan-500.json")), true)));
    for (String stack : CDK_STACKS) {
      inputs.add(
          new Input(
              "cdk-" + stack, Project.EVENTS.resolve("cdk/" + stack + ".template.json"), false));
    }
    inputs.add(fleet());
    String guardrail = Project.ROOT.resolve("bin/ecs-guardrail").toString();
    String cfnLint = Project.tool("CFN_LINT", Project.VENV_BIN.resolve("cfn-lint")).toString();
    String checkov =
        Project.tool("CHECKOV", Project.ROOT.resolve(".venv-checkov/bin/checkov")).toString();
    List<Command> commands = new ArrayList<>();
    for (Input input : inputs) {
      commands.add(new Command("ecs-guardrail", input, guardrailArgv(guardrail, input)));
      if (!input.plan()) {
        commands.add(new Command("cfn-lint", input, cfnLintArgv(cfnLint, input)));
      }
      commands.add(new Command("checkov", input, checkovArgv(checkov, input)));
    }
    for (Command c : commands) {
      wallMs(c); // warm the file cache, make the AOT cache, compile Python bytecode
    }
    Map<Command, List<Double>> times = new LinkedHashMap<>();
    for (int round = 0; round < runs; round++) {
      for (Command c : commands) {
        times.computeIfAbsent(c, k -> new ArrayList<>()).add(wallMs(c));
      }
    }
    ObjectNode report = new ObjectMapper().createObjectNode().put("runs", runs);
    ArrayNode rows = report.putArray("results");
    for (Input input : inputs) {
      double ours = Median.of(times.get(find(commands, "ecs-guardrail", input)));
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "RESULT peers input=%s files=%d bytes=%d ecs_guardrail_ms=%.0f",
                  input.name(), input.files().size(), input.bytes(), ours));
      ObjectNode row = rows.addObject().put("input", input.name());
      ArrayNode files = row.putArray("files");
      input.files().forEach(f -> files.add(Project.ROOT.relativize(f).toString()));
      row.put("bytes", input.bytes()).put("ecs_guardrail_ms", ours);
      for (String peer : List.of("cfn-lint", "checkov")) {
        Command c = find(commands, peer, input);
        if (c == null) {
          continue;
        }
        double theirs = Median.of(times.get(c));
        String key = peer.replace('-', '_');
        line.append(
            String.format(
                " %s_ms=%.0f %s_over_ecs_guardrail=%.1f", key, theirs, key, theirs / ours));
        row.put(key + "_ms", theirs).put(key + "_over_ecs_guardrail", theirs / ours);
      }
      System.out.println(line);
    }
    ArrayNode flags = report.putArray("flags");
    for (Input input : inputs) {
      if (input.name().startsWith("cdk-")) {
        Flags found = flags(input, guardrail, cfnLint, checkov);
        System.out.println(found.line(input));
        flags.add(found.json(input));
      }
    }
    Files.createDirectories(REPORT.getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(REPORT.toFile(), report);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  /**
   * The fleet of bench/cdk/fleet.js, synthesized into {@code OUT/cdk.out/fleet/}: all its stacks'
   * templates, and the findings the app says we should report.
   */
  private static Input fleet() throws IOException, InterruptedException {
    Path out = OUT.resolve("cdk.out");
    List<Path> templates = List.copyOf(CdkApps.synthesize(out, List.of(FLEET_APP)).values());
    Map<String, Integer> expected = new TreeMap<>();
    new ObjectMapper()
        .readTree(out.resolve("fleet/expected.json").toFile())
        .properties()
        .forEach(e -> expected.put(e.getKey(), e.getValue().asInt()));
    return new Input("cdk-fleet-" + SERVICES, templates, false, expected);
  }

  private static List<String> guardrailArgv(String guardrail, Input input) {
    List<String> argv = new ArrayList<>(List.of(guardrail, "check"));
    for (Path file : input.files()) {
      argv.add(input.plan() ? "--terraform-plan" : "--template");
      argv.add(file.toString());
    }
    return argv;
  }

  private static List<String> cfnLintArgv(String cfnLint, Input input, String... options) {
    List<String> argv = new ArrayList<>(List.of(cfnLint));
    argv.addAll(List.of(options));
    input.files().forEach(f -> argv.add(f.toString()));
    return argv;
  }

  private static List<String> checkovArgv(String checkov, Input input, String... options) {
    List<String> argv = new ArrayList<>(List.of(checkov, "-f"));
    input.files().forEach(f -> argv.add(f.toString()));
    argv.addAll(List.of("--framework", input.plan() ? "terraform_plan" : "cloudformation"));
    argv.addAll(List.of(options));
    argv.addAll(List.of("--quiet", "--compact", "--skip-download"));
    return argv;
  }

  /** What each tool reported on the templates' ECS resources: rule ids, how many times each. */
  private record Flags(
      Map<String, Integer> expected,
      Map<String, Integer> ours,
      Map<String, Integer> cfnLint,
      Map<String, Integer> checkov) {

    String line(Input input) {
      return "RESULT peers_flags input=%s%s ecs_guardrail=%s cfn_lint=%s checkov=%s"
          .formatted(
              input.name(),
              expected.isEmpty() ? "" : " expected=" + counts(expected),
              counts(ours),
              counts(cfnLint),
              counts(checkov));
    }

    ObjectNode json(Input input) {
      ObjectNode row = new ObjectMapper().createObjectNode().put("input", input.name());
      if (!expected.isEmpty()) {
        row.putPOJO("expected", expected);
      }
      row.putPOJO("ecs_guardrail", ours).putPOJO("cfn_lint", cfnLint).putPOJO("checkov", checkov);
      return row;
    }

    /** {@code SC001:20,SC002:60}, or {@code none}. */
    private static String counts(Map<String, Integer> counts) {
      return counts.isEmpty()
          ? "none"
          : String.join(
              ",", counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }
  }

  private static Flags flags(Input input, String guardrail, String cfnLint, String checkov)
      throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    Set<String> ecs = new HashSet<>();
    for (Path file : input.files()) {
      json.readTree(file.toFile())
          .path("Resources")
          .properties()
          .forEach(
              r -> {
                if (r.getValue().path("Type").asText().startsWith("AWS::ECS::")) {
                  ecs.add(resource(file.toString(), r.getKey()));
                }
              });
    }
    Map<String, Integer> ours = new TreeMap<>();
    json.readTree(output(guardrailArgv(guardrail, input)))
        .path("findings")
        .forEach(f -> ours.merge(f.path("ruleId").asText(), 1, Integer::sum));
    Map<String, Integer> lint = new TreeMap<>();
    json.readTree(output(cfnLintArgv(cfnLint, input, "-f", "json")))
        .forEach(
            m -> {
              if (ecs.contains(
                  resource(m.path("Filename").asText(), m.at("/Location/Path/1").asText()))) {
                lint.merge(m.at("/Rule/Id").asText(), 1, Integer::sum);
              }
            });
    Map<String, Integer> kov = new TreeMap<>();
    json.readTree(output(checkovArgv(checkov, input, "-o", "json")))
        .findValues("failed_checks")
        .forEach(
            checks ->
                checks.forEach(
                    c -> {
                      String typeAndId = c.path("resource").asText(); // AWS::ECS::Cluster.Id
                      String id = typeAndId.substring(typeAndId.indexOf('.') + 1);
                      if (ecs.contains(resource(c.path("file_abs_path").asText(), id))) {
                        kov.merge(c.path("check_id").asText(), 1, Integer::sum);
                      }
                    }));
    return new Flags(input.expected(), ours, lint, kov);
  }

  /** A resource of one template: logical ids repeat from stack to stack. */
  private static String resource(String file, String logicalId) {
    return Project.ROOT.resolve(file).normalize() + "#" + logicalId;
  }

  /** What a tool printed on stdout; {@code []} when it printed nothing (nothing found). */
  private static byte[] output(List<String> argv) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(argv)
            .directory(Project.ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    process.waitFor();
    return out.length == 0 ? "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8) : out;
  }

  private static Command find(List<Command> commands, String tool, Input input) {
    return commands.stream()
        .filter(c -> c.tool().equals(tool) && c.input().equals(input))
        .findFirst()
        .orElse(null);
  }

  /** 500 services on Service Connect, each with its task definition; every other port is TCP. */
  private static Path writeTemplate(Path file) throws IOException {
    StringBuilder yaml =
        new StringBuilder("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    for (int i = 0; i < SERVICES; i++) {
      yaml.append(
          """
            Service%1$d:
              Type: AWS::ECS::Service
              Properties:
                Cluster: prod
                ServiceName: svc-%1$d
                LaunchType: FARGATE
                DesiredCount: 2
                TaskDefinition: !Ref Task%1$d
                NetworkConfiguration:
                  AwsvpcConfiguration:
                    Subnets: [subnet-0a1b2c3d]
                ServiceConnectConfiguration:
                  Enabled: true
                  Namespace: prod.local
                  Services:
                    - PortName: http
                      ClientAliases: [{Port: 8080}]
            Task%1$d:
              Type: AWS::ECS::TaskDefinition
              Properties:
                Family: svc-%1$d
                Cpu: "512"
                Memory: "1024"
                NetworkMode: awsvpc
                RequiresCompatibilities: [FARGATE]
                ContainerDefinitions:
                  - Name: app
                    Image: public.ecr.aws/nginx/nginx:1.27
                    Cpu: 256
                    Memory: 512
                    PortMappings:
                      - Name: http
                        ContainerPort: 8080
          %2$s
          """
              .formatted(i, i % 2 == 0 ? "              AppProtocol: http" : ""));
    }
    return Files.writeString(file, yaml);
  }

  /** The same 500 services as a Terraform plan, task definitions linked by reference. */
  private static Path writePlan(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode plan = json.createObjectNode().put("format_version", "1.2");
    plan.put("terraform_version", "1.14.1");
    // As terraform show -json writes it: checkov reads the resources' values from planned_values.
    ArrayNode planned =
        plan.putObject("planned_values").putObject("root_module").putArray("resources");
    ArrayNode changes = plan.putArray("resource_changes");
    ArrayNode resources =
        plan.putObject("configuration").putObject("root_module").putArray("resources");
    for (int i = 0; i < SERVICES; i++) {
      ObjectNode port = json.createObjectNode().put("name", "http").put("containerPort", 8080);
      if (i % 2 == 0) {
        port.put("appProtocol", "http");
      }
      ObjectNode container =
          json.createObjectNode()
              .put("name", "app")
              .put("image", "public.ecr.aws/nginx/nginx:1.27")
              .put("cpu", 256)
              .put("memory", 512);
      container.putArray("portMappings").add(port);
      ObjectNode td = change(changes, "aws_ecs_task_definition", "task" + i);
      ObjectNode tdAfter = (ObjectNode) td.at("/change/after");
      tdAfter.put("family", "svc-" + i).put("cpu", "512").put("memory", "1024");
      tdAfter.put("network_mode", "awsvpc").put("container_definitions", "[" + container + "]");
      tdAfter.putArray("requires_compatibilities").add("FARGATE");
      ((ObjectNode) td.at("/change/after_unknown")).put("arn", true);
      ObjectNode service = change(changes, "aws_ecs_service", "svc" + i);
      ObjectNode after = (ObjectNode) service.at("/change/after");
      after.put("name", "svc-" + i).put("cluster", "prod").put("desired_count", 2);
      after.put("launch_type", "FARGATE");
      after.putArray("deployment_controller").addObject().put("type", "ECS");
      ObjectNode sc = after.putArray("service_connect_configuration").addObject();
      sc.put("enabled", true).put("namespace", "prod.local");
      sc.putArray("service").addObject().put("port_name", "http");
      ((ObjectNode) service.at("/change/after_unknown")).put("task_definition", true);
      ObjectNode config =
          resources
              .addObject()
              .put("address", "aws_ecs_service.svc" + i)
              .put("type", "aws_ecs_service");
      for (ObjectNode c : List.of(td, service)) {
        planned
            .addObject()
            .put("address", c.get("address").asText())
            .put("mode", "managed")
            .put("type", c.get("type").asText())
            .put("name", c.get("name").asText())
            .put("provider_name", "registry.terraform.io/hashicorp/aws")
            .set("values", c.at("/change/after").deepCopy());
      }
      config
          .putObject("expressions")
          .putObject("task_definition")
          .putArray("references")
          .add("aws_ecs_task_definition.task" + i + ".arn")
          .add("aws_ecs_task_definition.task" + i);
    }
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), plan);
    return file;
  }

  private static ObjectNode change(ArrayNode changes, String type, String name) {
    ObjectNode change =
        changes
            .addObject()
            .put("address", type + "." + name)
            .put("mode", "managed")
            .put("type", type)
            .put("name", name)
            .put("provider_name", "registry.terraform.io/hashicorp/aws");
    ObjectNode body = change.putObject("change");
    body.putArray("actions").add("create");
    body.putNull("before");
    body.putObject("after");
    body.putObject("after_unknown");
    return change;
  }

  private static double wallMs(Command command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command.argv())
            .directory(Project.ROOT.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("SAM_CLI_TELEMETRY", "0");
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double ms = (System.nanoTime() - start) / 1e6;
    // Findings are expected (exit 1 for ecs-guardrail and checkov; cfn-lint's bit flags).
    if (command.tool().equals("ecs-guardrail") && exit > 1) {
      throw new IllegalStateException(String.join(" ", command.argv()) + " exited " + exit);
    }
    return ms;
  }
}
