package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.cli.forms.CloudFormationForm;
import dev.ecsguardrail.cli.forms.Scenario;
import dev.ecsguardrail.cli.forms.TerraformForm;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One verdict in every form: each scenario of {@code tests/forms/scenarios.json} is written as a
 * CloudTrail event (with its task definition and cluster as context files), a CreateService request
 * body, a CloudFormation template, a Terraform plan and a CloudFormation hook request, and read
 * from the CDK app {@code tests/forms/cdk-app.js} synthesized by the pinned aws-cdk-lib ({@code
 * tests/forms/cdk/}, proven by CdkSynthIT); {@code check} must give every form the same rule ids,
 * fully evaluated, minus what a form cannot express ({@link #CANNOT_EXPRESS}). The forms are
 * written to {@code target/forms/<scenario>/} for a look.
 */
class OneVerdictTest {

  private static final Path ROOT = Path.of("..");
  private static final Path FORMS = ROOT.resolve("tests/forms");
  private static final Path WRITTEN = Path.of("target/forms");

  enum Form {
    CLOUDTRAIL_EVENT,
    CREATE_SERVICE_BODY,
    CLOUDFORMATION_TEMPLATE,
    TERRAFORM_PLAN,
    HOOK_REQUEST,
    CDK_APP
  }

  /** What a form cannot say, by form and rule id, and why. */
  static final Map<Form, Map<String, String>> CANNOT_EXPRESS =
      Map.of(
          Form.CLOUDTRAIL_EVENT,
          Map.of("SC015", "a CreateService call creates: CloudTrail never records a replacement"),
          Form.CREATE_SERVICE_BODY,
          Map.of("SC015", "a CreateService request creates: it cannot replace"),
          Form.CDK_APP,
          Map.of(
              "SC003",
              "CDK refuses a service whose portMappingName the task definition lacks",
              "SC009",
              "CDK refuses a named port (Service Connect needs one) in the host network mode",
              "SC013",
              "CDK refuses accessLogConfiguration without logDriver"));

  static List<Scenario> scenarios() throws IOException {
    return Scenario.table(FORMS.resolve("scenarios.json"));
  }

  static Stream<Arguments> everyFormOfEveryScenario() throws IOException {
    return scenarios().stream()
        .flatMap(s -> Stream.of(Form.values()).map(f -> Arguments.of(s.id(), f, s)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("everyFormOfEveryScenario")
  void everyForm_getsTheScenariosRuleIds(String id, Form form, Scenario scenario)
      throws IOException {
    if (form == Form.CDK_APP && refusedByCdk(scenario)) {
      // cdk-app.js proves CDK refuses it (CdkSynthIT runs it): there is no template to read.
      assertTrue(Files.notExists(Path.of(cdkTemplate(id))), id + " has a CDK stack after all");
      return;
    }
    Path dir = WRITTEN.resolve(id);
    Files.createDirectories(dir);
    List<String> args = write(form, scenario, dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args.toArray(String[]::new));
    String printed = out.toString(StandardCharsets.UTF_8);
    String context = String.join(" ", args) + " (exit " + exit + ")\n" + err + printed;
    assertTrue(exit == 0 || exit == 1, context);
    JsonNode decision = StrictJson.parse(printed.getBytes(StandardCharsets.UTF_8), id);
    assertEquals(true, decision.get("evaluable").asBoolean(), context);
    assertTrue(decision.path("notRun").isMissingNode(), "every rule must run: " + context);
    Set<String> expected = new TreeSet<>(scenario.expect());
    expected.removeAll(CANNOT_EXPRESS.getOrDefault(form, Map.of()).keySet());
    Set<String> found = new TreeSet<>();
    decision.get("findings").forEach(f -> found.add(f.get("ruleId").asText()));
    assertEquals(expected, found, context);
  }

  /** A rule added later must join the table: every service rule has a scenario it fires in. */
  @Test
  void everyServiceRule_hasAScenario_andTwoCleanOnesExist() throws IOException {
    Set<String> covered = new TreeSet<>();
    scenarios().forEach(s -> covered.addAll(s.expect()));
    Set<String> rules = new TreeSet<>();
    RuleCatalog.SERVICE_RULES.forEach(r -> rules.add(r.info().id()));
    assertEquals(rules, covered, "tests/forms/scenarios.json: a scenario for each service rule");
    assertTrue(scenarios().stream().filter(s -> s.expect().isEmpty()).count() >= 2);
  }

  /** Every CDK stack is a scenario's, and each scenario has its stack. */
  @Test
  void everyScenario_hasItsCdkStack() throws IOException {
    Set<String> stacks = new TreeSet<>();
    try (Stream<Path> files = Files.list(FORMS.resolve("cdk"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".template.json"))
          .forEach(stacks::add);
    }
    Set<String> expected = new TreeSet<>();
    for (Scenario s : scenarios()) {
      if (refusedByCdk(s)) {
        continue;
      }
      expected.add(cdkStack(s.id()) + ".template.json");
      s.previous().ifPresent(p -> expected.add(cdkStack(p.id()) + ".template.json"));
    }
    assertEquals(expected, stacks);
  }

  /** CDK refuses to synthesize the scenario: every rule it shows is one CDK cannot express. */
  private static boolean refusedByCdk(Scenario s) {
    return !s.expect().isEmpty()
        && CANNOT_EXPRESS.get(Form.CDK_APP).keySet().containsAll(s.expect());
  }

  /** {@code check}'s arguments for the form, after writing it (and its context) into dir. */
  private static List<String> write(Form form, Scenario s, Path dir) throws IOException {
    List<String> args = new ArrayList<>(List.of("check"));
    List<String> context =
        List.of(
            "--task-definition",
            write(dir.resolve("task-definition.json"), s.taskDefinition()),
            "--inventory",
            write(dir.resolve("inventory.json"), inventory(s)));
    switch (form) {
      case CLOUDTRAIL_EVENT -> {
        args.addAll(List.of("--event", write(dir.resolve("event.json"), cloudTrailEvent(s))));
        args.addAll(context);
      }
      case CREATE_SERVICE_BODY -> {
        args.addAll(List.of("--service", write(dir.resolve("create-service.json"), s.service())));
        args.addAll(context);
      }
      case HOOK_REQUEST -> {
        args.addAll(List.of("--event", write(dir.resolve("hook-request.json"), hookRequest(s))));
        args.addAll(context);
      }
      case CLOUDFORMATION_TEMPLATE -> {
        args.add(write(dir.resolve("template.yaml"), CloudFormationForm.template(s)));
        if (s.previous().isPresent()) {
          args.addAll(
              List.of(
                  "--previous-template",
                  write(
                      dir.resolve("previous-template.yaml"),
                      CloudFormationForm.template(s.previous().get()))));
        }
        args.addAll(List.of("--region", Scenario.REGION, "--account", Scenario.ACCOUNT));
      }
      case TERRAFORM_PLAN -> args.add(write(dir.resolve("plan.json"), TerraformForm.plan(s)));
      case CDK_APP -> {
        args.add(cdkTemplate(s.id()));
        if (s.previous().isPresent()) {
          args.addAll(List.of("--previous-template", cdkTemplate(s.previous().get().id())));
        }
        args.addAll(List.of("--region", Scenario.REGION, "--account", Scenario.ACCOUNT));
      }
    }
    return args;
  }

  /** {@code no-app-protocol} → {@code NoAppProtocolStack}, as cdk-app.js names the stacks. */
  static String cdkStack(String scenario) {
    StringBuilder name = new StringBuilder();
    for (String word : scenario.split("-")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name + "Stack";
  }

  private static String cdkTemplate(String scenario) {
    return FORMS.resolve("cdk").resolve(cdkStack(scenario) + ".template.json").toString();
  }

  /**
   * CloudTrail's record of the CreateService call (EventBridge's envelope): the body as the request
   * parameters, and the service ECS answered with, or the error it refused the call with.
   */
  private static ObjectNode cloudTrailEvent(Scenario s) {
    ObjectNode event = StrictJson.MAPPER.createObjectNode();
    event.put("version", "0");
    event.put(
        "id", "6f1e2d3c-4b5a-4978-8c6d-" + String.format("%012x", Math.abs(s.id().hashCode())));
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.ecs");
    event.put("account", Scenario.ACCOUNT);
    event.put("time", "2026-12-08T09:00:02Z");
    event.put("region", Scenario.REGION);
    event.putArray("resources");
    ObjectNode detail = event.putObject("detail");
    detail.put("eventVersion", "1.11");
    ObjectNode identity = detail.putObject("userIdentity");
    identity.put("type", "AssumedRole");
    identity.put("principalId", "AROA3XFRBF23KQ7EXAMPLE:ci");
    identity.put("arn", "arn:aws:sts::" + Scenario.ACCOUNT + ":assumed-role/platform-deployer/ci");
    identity.put("accountId", Scenario.ACCOUNT);
    detail.put("eventTime", "2026-12-08T09:00:00Z");
    detail.put("eventSource", "ecs.amazonaws.com");
    detail.put("eventName", "CreateService");
    detail.put("awsRegion", Scenario.REGION);
    detail.put("sourceIPAddress", "203.0.113.10");
    detail.put("userAgent", "aws-cli/2.27.50");
    detail.set("requestParameters", s.service());
    if (s.rejectedBy().isPresent()) {
      detail.put("errorCode", s.rejectedBy().get().get("errorCode").asText());
      if (s.rejectedBy().get().has("errorMessage")) {
        detail.put("errorMessage", s.rejectedBy().get().get("errorMessage").asText());
      }
      detail.putNull("responseElements");
    } else {
      detail.putObject("responseElements").set("service", createdService(s));
    }
    detail.put("requestID", "b3a1c2d4-0000-4000-8000-000000000001");
    detail.put("eventID", "c4b2d3e5-0000-4000-8000-000000000001");
    detail.put("readOnly", false);
    detail.put("eventType", "AwsApiCall");
    detail.put("managementEvent", true);
    detail.put("recipientAccountId", Scenario.ACCOUNT);
    detail.put("eventCategory", "Management");
    return event;
  }

  /**
   * The service ECS answers CreateService with: the request's configuration, names resolved to
   * ARNs, in force as the PRIMARY deployment.
   */
  private static ObjectNode createdService(Scenario s) {
    JsonNode request = s.service();
    ObjectNode service = StrictJson.MAPPER.createObjectNode();
    String name = request.get("serviceName").asText();
    service.put("serviceArn", s.clusterArn().replace(":cluster/", ":service/") + "/" + name);
    service.put("serviceName", name);
    service.put("clusterArn", s.clusterArn());
    service.set(
        "serviceRegistries",
        request.path("serviceRegistries").isMissingNode()
            ? StrictJson.MAPPER.createArrayNode()
            : request.get("serviceRegistries"));
    service.put("status", "ACTIVE");
    service.put("desiredCount", request.get("desiredCount").asInt());
    service.put("runningCount", 0);
    service.put("pendingCount", 0);
    service.set("launchType", request.get("launchType"));
    service.put("taskDefinition", s.taskDefinitionArn());
    ObjectNode deployment = service.putArray("deployments").addObject();
    deployment.put("id", "ecs-svc/3905791283674410231");
    deployment.put("status", "PRIMARY");
    deployment.put("taskDefinition", s.taskDefinitionArn());
    deployment.put("desiredCount", 0);
    deployment.set("launchType", request.get("launchType"));
    if (request.has("networkConfiguration")) {
      deployment.set("networkConfiguration", request.get("networkConfiguration"));
      service.set("networkConfiguration", request.get("networkConfiguration"));
    }
    deployment.put("rolloutState", "IN_PROGRESS");
    ObjectNode serviceConnect = request.get("serviceConnectConfiguration").deepCopy();
    serviceConnect.put("namespace", s.namespaceArn());
    deployment.set("serviceConnectConfiguration", serviceConnect);
    service.put("schedulingStrategy", "REPLICA");
    service.set(
        "deploymentController",
        request.has("deploymentController")
            ? request.get("deploymentController")
            : StrictJson.MAPPER.createObjectNode().put("type", "ECS"));
    return service;
  }

  /**
   * The request a CloudFormation Lambda hook receives before the service is created (or, with a
   * previous configuration, updated), as the hooks user guide shows it.
   */
  private static ObjectNode hookRequest(Scenario s) {
    ObjectNode request = StrictJson.MAPPER.createObjectNode();
    request.put("clientRequestToken", "1e2d3c4b-5a69-4788-9aab-bccddeeff001");
    request.put("awsAccountId", Scenario.ACCOUNT);
    request.put(
        "stackId",
        "arn:aws:cloudformation:"
            + Scenario.REGION
            + ":"
            + Scenario.ACCOUNT
            + ":stack/orders/5b5b6e10-9f2c-11ef-8a8e-0a1b2c3d4e5f");
    request.putNull("changeSetId");
    request.put("hookTypeName", "EcsGuardrail::ServiceConnect::Hook");
    request.put("hookTypeVersion", "00000001");
    request
        .putObject("hookModel")
        .put(
            "LambdaFunction",
            "arn:aws:lambda:"
                + Scenario.REGION
                + ":"
                + Scenario.ACCOUNT
                + ":function:ecs-guardrail-HookFunction:live");
    request.put(
        "actionInvocationPoint",
        s.previous().isPresent() ? "UPDATE_PRE_PROVISION" : "CREATE_PRE_PROVISION");
    ObjectNode data = request.putObject("requestData");
    data.put("targetName", "AWS::ECS::Service");
    data.put("targetType", "AWS::ECS::Service");
    data.put("targetLogicalId", "Service");
    ObjectNode model = data.putObject("targetModel");
    model.set("resourceProperties", CloudFormationForm.resolvedServiceProperties(s));
    if (s.previous().isPresent()) {
      model.set(
          "previousResourceProperties",
          CloudFormationForm.resolvedServiceProperties(s.previous().get()));
    } else {
      model.putNull("previousResourceProperties");
    }
    request.putObject("requestContext").put("invocation", 1).putNull("callbackContext");
    return request;
  }

  /** The account as {@code --inventory} gives it: the scenario's cluster and namespace. */
  private static ObjectNode inventory(Scenario s) {
    ObjectNode inventory = StrictJson.MAPPER.createObjectNode();
    inventory.put("account", Scenario.ACCOUNT);
    inventory.put("region", Scenario.REGION);
    ObjectNode cluster = inventory.putArray("clusters").addObject();
    cluster.put("arn", s.clusterArn());
    cluster.put("name", s.cluster().get("name").asText());
    cluster.put("status", "ACTIVE");
    cluster.putNull("defaultNamespace");
    cluster.putObject("tags");
    cluster.put("containerInsights", s.cluster().get("containerInsights").asText());
    inventory.putArray("services");
    ArrayNode namespaces = inventory.putArray("namespaces");
    if (!s.namespaceIsArn()) {
      ObjectNode ns = namespaces.addObject();
      String arn = s.namespaceArn();
      ns.put("id", arn.substring(arn.lastIndexOf('/') + 1));
      ns.put("arn", arn);
      ns.put("name", s.namespace());
      ns.put("type", "HTTP");
      ns.put("owner", Scenario.ACCOUNT);
      ns.putNull("hostedZoneId");
      ns.putObject("tags");
    }
    inventory.putObject("cloudMapServices");
    return inventory;
  }

  private static String write(Path file, Object content) throws IOException {
    Files.writeString(
        file,
        content instanceof String text
            ? text
            : StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content));
    return file.toString();
  }
}
