package dev.ecsguardrail.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.PlannedService;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.model.UnknownValue;
import dev.ecsguardrail.model.UnknownValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformPlanReaderTest {

  private static final Path SAMPLES = Path.of("..", "events", "terraform");

  private static ObjectNode sample(String name) throws IOException {
    return (ObjectNode) StrictJson.parse(Files.readAllBytes(SAMPLES.resolve(name)), name);
  }

  private static PlannedInput read(JsonNode plan) {
    return TerraformPlanReader.read(plan.toString().getBytes(StandardCharsets.UTF_8), "plan.json");
  }

  private static ObjectNode change(JsonNode plan, String type) {
    for (JsonNode c : plan.get("resource_changes")) {
      if (c.get("type").asText().equals(type)) {
        return (ObjectNode) c;
      }
    }
    throw new AssertionError(type);
  }

  /** The unknowns a rule could need: not the computed id, ARN or platform version. */
  private static List<UnknownValue> relevant(List<UnknownValue> unknowns) {
    return unknowns.stream()
        .filter(u -> u.path().startsWith("serviceConnect") || u.path().startsWith("taskDefinition"))
        .toList();
  }

  @Test
  void aServiceAndItsNewTaskDefinition_linkedThroughTheConfigurationsReferences()
      throws IOException {
    PlannedInput input = read(sample("new-service-no-app-protocol/plan.json"));

    PlannedService service = input.services().getFirst();
    assertEquals("aws_ecs_service.orders", service.address());
    assertEquals("aws_ecs_task_definition.orders", service.taskDefinition().address());
    assertEquals("orders", service.config().serviceName());
    assertEquals("ECS", service.config().controllerType());
    assertTrue(service.config().serviceConnectEnabled());
    assertEquals("api", service.config().serviceConnect().services().getFirst().portName());
    assertEquals(java.util.Map.of("team", "orders"), service.config().tags());
    assertEquals(1024, service.taskDefinition().view().cpu());
    assertNull(service.taskDefinition().view().port("api").orElseThrow().appProtocol());
    assertEquals(
        List.of(), relevant(service.unknowns()), "task_definition was unknown, and is linked");
    assertEquals(
        List.of(),
        service.unknowns(),
        "computed attributes left out (id, arn, iam_role, platform_version, ...) are not asked for");
  }

  @Test
  void insideAModule_addressesAreJoinedOnModuleAddress_deletesAndNoOpsAreSkipped()
      throws IOException {
    PlannedInput input = read(sample("module-codedeploy/plan.json"));

    PlannedService service = input.services().getFirst();
    assertEquals("module.payments.aws_ecs_service.payments", service.address());
    assertEquals(
        "module.payments.aws_ecs_task_definition.payments", service.taskDefinition().address());
    assertEquals("CODE_DEPLOY", service.config().controllerType());
    assertEquals(
        List.of(
            "aws_ecs_service.legacy: not created or updated: delete",
            "aws_ecs_task_definition.unchanged: not created or updated: no-op"),
        input.skipped().stream().map(r -> r.address() + ": " + r.reason()).toList());
  }

  @Test
  void countInstances_linkByIndex_andAServiceWithoutAReferenceKeepsItsUnknown() throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    ObjectNode td = change(plan, "aws_ecs_task_definition");
    ObjectNode service = change(plan, "aws_ecs_service");
    ArrayNode changes = plan.putArray("resource_changes");
    for (int i = 0; i < 2; i++) {
      changes.add(
          td.deepCopy()
              .put("address", "aws_ecs_task_definition.orders[" + i + "]")
              .put("index", i));
      changes.add(
          service.deepCopy().put("address", "aws_ecs_service.orders[" + i + "]").put("index", i));
    }
    changes.add(service.deepCopy().put("address", "aws_ecs_service.orphan").put("name", "orphan"));
    ((ArrayNode)
            plan.at(
                "/configuration/root_module/resources/0/expressions/task_definition/references"))
        .add("count.index");

    PlannedInput input = read(plan);

    assertEquals(3, input.services().size());
    assertEquals(
        List.of("aws_ecs_task_definition.orders[0]", "aws_ecs_task_definition.orders[1]"),
        input.services().subList(0, 2).stream()
            .map(s -> s.taskDefinition() == null ? "none" : s.taskDefinition().address())
            .toList(),
        "orders[count.index]: the service's own index");
    PlannedService orphan = input.services().get(2);
    assertNull(orphan.taskDefinition());
    assertEquals(
        List.of(new UnknownValue("taskDefinition", "known after apply")),
        relevant(orphan.unknowns()));
  }

  @Test
  void aTaskDefinitionBehindAModuleOutput_isLinkedThroughTheOutputsReferences() throws IOException {
    PlannedService service =
        read(sample("module-output-task-definition/plan.json")).services().getFirst();

    assertEquals("module.td.aws_ecs_task_definition.this", service.taskDefinition().address());
    assertEquals(List.of(), relevant(service.unknowns()));
  }

  @Test
  void moduleOutputs_areFollowedAtAnyDepth_andIntoACountedModulesInstance() throws IOException {
    ObjectNode plan = sample("module-output-task-definition/plan.json");
    ObjectNode td = change(plan, "aws_ecs_task_definition");
    td.put("address", "module.td[0].module.inner.aws_ecs_task_definition.this")
        .put("module_address", "module.td[0].module.inner");
    ObjectNode call = (ObjectNode) plan.at("/configuration/root_module/module_calls/td");
    ObjectNode inner = call.deepCopy();
    ObjectNode outer = (ObjectNode) call.get("module");
    outer.remove("resources");
    outer.putObject("module_calls").set("inner", inner);
    ArrayNode outerOutput =
        ((ObjectNode) outer.at("/outputs/arn/expression")).putArray("references");
    outerOutput.add("module.inner.arn").add("module.inner");
    ArrayNode rootReference =
        ((ObjectNode) plan.at("/configuration/root_module/resources/0/expressions/task_definition"))
            .putArray("references");
    rootReference.add("module.td[0].arn").add("module.td[0]").add("module.td");

    PlannedService service = read(plan).services().getFirst();

    assertEquals(
        "module.td[0].module.inner.aws_ecs_task_definition.this",
        service.taskDefinition().address());
  }

  @Test
  void anOutputThatNamesNoTaskDefinition_leavesTheReferenceUnknown() throws IOException {
    ObjectNode plan = sample("module-output-task-definition/plan.json");
    ArrayNode references =
        ((ObjectNode)
                plan.at("/configuration/root_module/module_calls/td/module/outputs/arn/expression"))
            .putArray("references");
    references.add("var.family");

    PlannedService service = read(plan).services().getFirst();

    assertNull(service.taskDefinition());
    assertEquals(
        List.of(new UnknownValue("taskDefinition", "known after apply")),
        relevant(service.unknowns()));
  }

  @Test
  void aNamespaceCreatedInThePlan_isItsPlannedName() throws IOException {
    PlannedService service =
        read(sample("namespace-created-in-plan/plan.json")).services().getFirst();

    assertEquals("shop", service.config().serviceConnect().namespace());
    assertEquals(List.of(), relevant(service.unknowns()));
  }

  @Test
  void aPrivateDnsNamespace_isResolvedToo_andOneWhoseNameIsUnknownStaysUnknown()
      throws IOException {
    ObjectNode plan = sample("namespace-created-in-plan/plan.json");
    ObjectNode namespace = change(plan, "aws_service_discovery_http_namespace");
    namespace
        .put("type", "aws_service_discovery_private_dns_namespace")
        .put("address", "aws_service_discovery_private_dns_namespace.shop");
    ArrayNode references =
        ((ObjectNode)
                plan.at(
                    "/configuration/root_module/resources/0/expressions/service_connect_configuration/0/namespace"))
            .putArray("references");
    references
        .add("aws_service_discovery_private_dns_namespace.shop.arn")
        .add("aws_service_discovery_private_dns_namespace.shop");
    assertEquals("shop", read(plan).services().getFirst().config().serviceConnect().namespace());

    ((ObjectNode) namespace.at("/change/after")).remove("name");
    ((ObjectNode) namespace.at("/change/after_unknown")).put("name", true);
    PlannedService service = read(plan).services().getFirst();

    assertThrows(UnknownValueException.class, () -> service.config().serviceConnect().namespace());
    assertEquals(
        List.of(new UnknownValue("serviceConnectConfiguration.namespace", "known after apply")),
        relevant(service.unknowns()));
  }

  @Test
  void aClusterCreatedInThePlan_isTheServicesCluster_withTheSettingsItWrites() throws IOException {
    PlannedService service =
        read(sample("cluster-created-in-plan/plan.json")).services().getFirst();

    assertEquals(
        new ClusterView(null, "pricing", "enabled", Map.of("team", "pricing")), service.cluster());
    assertEquals("pricing", service.config().cluster());
    assertTrue(service.unknowns().stream().noneMatch(u -> u.path().equals("cluster")));
  }

  @Test
  void aClusterWhoseSettingsAreUnknown_leavesTheServicesClusterUnknown() throws IOException {
    ObjectNode plan = sample("cluster-created-in-plan/plan.json");
    ObjectNode cluster = change(plan, "aws_ecs_cluster");
    ((ObjectNode) cluster.at("/change/after")).remove("setting");
    ((ObjectNode) cluster.at("/change/after_unknown")).put("setting", true);

    PlannedService service = read(plan).services().getFirst();

    assertNull(service.cluster());
    assertTrue(service.unknowns().contains(new UnknownValue("cluster", "known after apply")));
  }

  @Test
  void withSources_theResourcesAndTheirAttributesAreAtTheirTfLines_inLocalModulesToo(
      @TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("live"));
    Files.writeString(
        root.resolve("main.tf"),
        """
        module "td" {
          source = "../shared/task-definition"
        }

        resource "aws_ecs_service" "ledger" {
          name = "ledger"
          service_connect_configuration {
            enabled = true
            service {
              port_name = "api"
            }
          }
        }
        """);
    Path module = Files.createDirectories(dir.resolve("shared/task-definition"));
    Files.writeString(
        module.resolve("td.tf"),
        """
        resource "aws_ecs_task_definition" "this" {
          cpu                   = "1024"
          container_definitions = jsonencode([])
        }
        """);
    ObjectNode plan = sample("module-output-task-definition/plan.json");
    ((ObjectNode) plan.at("/configuration/root_module/module_calls/td"))
        .put("source", "../shared/task-definition");
    TerraformSources sources = TerraformSources.at(root);

    PlannedService service =
        TerraformPlanReader.read(
                plan.toString().getBytes(StandardCharsets.UTF_8), "plan.json", sources)
            .services()
            .getFirst();

    String main = root.resolve("main.tf").toString().replace('\\', '/');
    String td =
        root.resolve("../shared/task-definition/td.tf").normalize().toString().replace('\\', '/');
    assertEquals(new SourceLocation(main, 5), service.location());
    assertEquals(new SourceLocation(main, 6), service.locations().get("serviceName"));
    assertEquals(
        new SourceLocation(main, 10),
        service.locations().get("serviceConnectConfiguration.services[0].portName"));
    assertEquals(new SourceLocation(td, 1), service.taskDefinition().location());
    assertEquals(
        new SourceLocation(td, 3),
        service.taskDefinition().locations().get("containerDefinitions"));
  }

  @Test
  void aRegistryModule_isNotTheUsersToEdit_itsResourcesKeepThePlansLocation(@TempDir Path root)
      throws IOException {
    Files.writeString(root.resolve("main.tf"), "resource \"aws_ecs_service\" \"ledger\" {\n}\n");
    ObjectNode plan = sample("module-output-task-definition/plan.json");
    ((ObjectNode) plan.at("/configuration/root_module/module_calls/td"))
        .put("source", "terraform-aws-modules/ecs/aws//modules/task-definition");

    PlannedService service =
        TerraformPlanReader.read(
                plan.toString().getBytes(StandardCharsets.UTF_8),
                "plan.json",
                TerraformSources.at(root))
            .services()
            .getFirst();

    assertEquals(1, service.location().line());
    assertTrue(service.location().file().endsWith("main.tf"), service.location().file());
    assertEquals("plan.json", service.taskDefinition().location().file());
    assertTrue(service.taskDefinition().location().column() > 1);
  }

  @Test
  void valuesUnknownAtPlanTime_areReportedByTheirApiPath() throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    ObjectNode after = (ObjectNode) change(plan, "aws_ecs_service").at("/change/after");
    ObjectNode unknown = (ObjectNode) change(plan, "aws_ecs_service").at("/change/after_unknown");
    ((ObjectNode) after.at("/service_connect_configuration/0")).remove("namespace");
    ((ObjectNode) unknown.at("/service_connect_configuration/0")).put("namespace", true);
    ((ObjectNode) after.at("/service_connect_configuration/0/service/0")).remove("port_name");
    ((ObjectNode) unknown.at("/service_connect_configuration/0/service/0")).put("port_name", true);

    PlannedService service = read(plan).services().getFirst();

    assertEquals(
        java.util.Set.of(
            new UnknownValue("serviceConnectConfiguration.namespace", "known after apply"),
            new UnknownValue(
                "serviceConnectConfiguration.services[0].portName", "known after apply")),
        java.util.Set.copyOf(relevant(service.unknowns())));
  }

  @Test
  void containerDefinitionsThatAreNotJson_makeTheTaskDefinitionUnreadable_withWhy()
      throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    ((ObjectNode) change(plan, "aws_ecs_task_definition").at("/change/after"))
        .put("container_definitions", "[{\"name\":");

    PlannedService service = read(plan).services().getFirst();

    assertNull(service.taskDefinition().view());
    assertTrue(
        service
            .taskDefinition()
            .problem()
            .startsWith("aws_ecs_task_definition.orders.container_definitions is not JSON"),
        service.taskDefinition().problem());
  }

  @Test
  void anAfterThatIsNotAnObject_isSkippedWithWhy() throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    ((ObjectNode) change(plan, "aws_ecs_service").get("change")).put("after", "oops");

    PlannedInput input = read(plan);

    assertEquals(List.of(), input.services());
    ResourceReport skipped = input.skipped().getFirst();
    assertEquals("aws_ecs_service.orders", skipped.address());
    assertEquals("change.after is not an object", skipped.reason());
  }

  @Test
  void formatVersions_1xRead_2xRefused_noVersionNotAPlan_truncatedOneLine() throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    assertEquals(1, read(plan.put("format_version", "1.0")).services().size());
    assertEquals(
        "plan.json: Terraform plan format_version 2.0 is not supported (this reads 1.x, from terraform show -json)",
        assertThrows(MalformedEventException.class, () -> read(plan.put("format_version", "2.0")))
            .getMessage());
    plan.remove("format_version");
    assertEquals(
        "plan.json is not a Terraform plan (terraform show -json): no format_version",
        assertThrows(MalformedEventException.class, () -> read(plan)).getMessage());
    byte[] whole = Files.readAllBytes(SAMPLES.resolve("new-service-no-app-protocol/plan.json"));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    String message =
        assertThrows(
                MalformedEventException.class,
                () -> TerraformPlanReader.read(truncated, "plan.json"))
            .getMessage();
    assertTrue(message.startsWith("plan.json is not JSON: ") && !message.contains("\n"), message);
  }

  /**
   * The provider plans an Optional and Computed attribute the configuration leaves out ({@code
   * launch_type} beside a capacity provider strategy) as known after apply; the request leaves it
   * out too. Written from a value known only after apply, it is unknown.
   */
  @Test
  void anOptionalComputedAttributeLeftOut_isNotInTheRequest_writtenAndUnknownItIs()
      throws IOException {
    ObjectNode plan = sample("managed-instances-headroom/plan.json");
    assertTrue(change(plan, "aws_ecs_service").at("/change/after_unknown/launch_type").asBoolean());

    PlannedService service = read(plan).services().getFirst();

    assertNull(service.config().launchType());
    assertEquals(List.of(), launchType(service.unknowns()));

    for (JsonNode resource : plan.at("/configuration/root_module/resources")) {
      if (resource.get("type").asText().equals("aws_ecs_service")) {
        ((ObjectNode) resource.get("expressions"))
            .putObject("launch_type")
            .putArray("references")
            .add("var.launch_type");
      }
    }
    assertEquals(
        List.of(new UnknownValue("launchType", "known after apply")),
        launchType(read(plan).services().getFirst().unknowns()));
  }

  private static List<UnknownValue> launchType(List<UnknownValue> unknowns) {
    return unknowns.stream().filter(u -> u.path().equals("launchType")).toList();
  }
}
