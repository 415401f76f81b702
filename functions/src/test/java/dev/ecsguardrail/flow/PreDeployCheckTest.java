package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.input.CloudFormationReader;
import dev.ecsguardrail.input.TerraformPlanReader;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.rules.RuleCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pre-deploy flow on templates in memory: rules, unknowns, policy and exemptions. */
class PreDeployCheckTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

  private static final String TEMPLATE =
      """
      Resources:
        Api:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: api
            TaskDefinition: %s
            DeploymentController: {Type: CODE_DEPLOY}
            ServiceConnectConfiguration:
              Enabled: true
              Services: [{PortName: http}]
            Tags: %s
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                PortMappings: [{Name: http, ContainerPort: 8080}]
      """;

  private static PlannedInput template(String taskDefinition, String tags) {
    return input(TEMPLATE.formatted(taskDefinition, tags));
  }

  private static Decision check(Policy policy, PlannedInput... inputs) {
    return new PreDeployCheck(RuleCatalog.SERVICE_RULES, new PolicyEngine(policy, false))
        .check(List.of(inputs), List.of(), new FileContextSource(List.of()), "us-east-1", TODAY);
  }

  @Test
  void findings_atTheirLines_judgedByThePolicy_offIsOff() throws Exception {
    PlannedInput input = template("!Ref Task", "[]");

    Decision reported = check(Policy.DEFAULTS, input);
    Decision off = check(Policy.parse("{\"rules\":{\"SC001\":\"off\"}}"), input);

    assertEquals(
        List.of("SC001", "SC002"),
        reported.verdicts().stream().map(v -> v.finding().ruleId()).toList());
    assertEquals(
        new SourceLocation("t.yaml", 7), reported.verdicts().getFirst().finding().location());
    assertEquals(new SourceLocation("t.yaml", 17), reported.verdicts().get(1).finding().location());
    assertEquals(Outcome.OFF, off.verdicts().getFirst().outcome());
    assertEquals(Outcome.REPORTED, off.verdicts().get(1).outcome());
  }

  /** SC005 reads the cluster the plan creates: its containerInsights setting as written there. */
  @Test
  void aClusterCreatedInThePlan_decidesSC005_fromTheSettingItWrites() throws Exception {
    Path sample = Path.of("..", "events", "terraform", "cluster-created-in-plan", "plan.json");
    String enabled = Files.readString(sample);
    String enhanced =
        enabled.replace(
            "{\"name\":\"containerInsights\",\"value\":\"enabled\"}",
            "{\"name\":\"containerInsights\",\"value\":\"enhanced\"}");

    assertEquals(List.of("SC005"), ruleIds(check(Policy.DEFAULTS, plan(enabled))));
    assertEquals(List.of(), ruleIds(check(Policy.DEFAULTS, plan(enhanced))));
  }

  private static PlannedInput plan(String json) {
    return TerraformPlanReader.read(json.getBytes(StandardCharsets.UTF_8), "plan.json");
  }

  private static List<String> ruleIds(Decision decision) {
    return decision.verdicts().stream().map(v -> v.finding().ruleId()).toList();
  }

  @Test
  void theTemplatesTags_exemptTheService() {
    Decision decision =
        check(
            Policy.DEFAULTS,
            template("!Ref Task", "[{Key: \"ecs-guardrail:exempt\", Value: SC002}]"));

    assertEquals(Outcome.REPORTED, decision.verdicts().getFirst().outcome());
    assertEquals(Outcome.EXEMPT, decision.verdicts().get(1).outcome());
  }

  @Test
  void aTaskDefinitionByArnThatCannotBeRead_leavesTheServicePartlyEvaluated_neverCompliant() {
    Decision decision =
        check(
            Policy.DEFAULTS,
            template("arn:aws:ecs:us-east-1:123456789012:task-definition/gone:3", "[]"));

    ResourceReport service = decision.evaluation().resources().getFirst();
    assertEquals(ResourceReport.Status.PARTIAL, service.status());
    assertTrue(service.rulesRun().contains("SC001"), service.toString());
    assertFalse(service.rulesRun().contains("SC002"), service.toString());
    assertTrue(
        service.rulesNotRun().get("SC002").contains("not among the --task-definition files"),
        service.rulesNotRun().toString());
    assertEquals(
        List.of("SC001"), decision.verdicts().stream().map(v -> v.finding().ruleId()).toList());
    ResourceReport task = decision.evaluation().resources().get(1);
    assertEquals(ResourceReport.Status.SKIPPED, task.status(), "no service runs it");
  }

  @Test
  void severalFiles_oneDecision_unreadableOnesKept() {
    ResourceReport unreadable =
        new ResourceReport(
            "bad.yaml",
            "file",
            new SourceLocation("bad.yaml", 1),
            ResourceReport.Status.SKIPPED,
            "bad.yaml is not YAML");

    Decision decision =
        new PreDeployCheck(RuleCatalog.SERVICE_RULES, new PolicyEngine(Policy.DEFAULTS, false))
            .check(
                List.of(template("!Ref Task", "[]")),
                List.of(unreadable),
                new FileContextSource(List.of()),
                "us-east-1",
                TODAY);

    assertTrue(decision.evaluation().evaluable());
    assertEquals("t.yaml, bad.yaml", decision.evaluation().eventId());
    assertEquals("1 service in 1 file; 1 unreadable", decision.evaluation().reason());
    assertEquals(unreadable, decision.evaluation().resources().getLast());
  }

  @Test
  void anUndecidedIf_isReadBothWays_aFindingInOneWayNamesIt_oneInBothDoesNot() {
    String template =
        """
        Parameters:
          Mode: {Type: String}
        Conditions:
          Grpc: !Equals [!Ref Mode, grpc]
        Resources:
          Api:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: !Ref Task
              DeploymentController: {Type: !If [Grpc, CODE_DEPLOY, CODE_DEPLOY]}
              ServiceConnectConfiguration:
                Enabled: true
                Services: [{PortName: http}]
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  PortMappings:
                    - !If [Grpc, {Name: http, AppProtocol: grpc}, {Name: http}]
        """;
    Decision decision = check(Policy.DEFAULTS, input(template));

    assertEquals(
        List.of(
            "SC001 Service Connect is enabled with the CODE_DEPLOY deployment controller, which ECS"
                + " does not support with Service Connect.",
            "SC002 When Grpc is false: Service Connect port 'http' (container app) in Task has no"
                + " appProtocol: it will be plain TCP for the life of the service.",
            "SC005 When Grpc is true: gRPC service Task has no task-level memory: the proxy's"
                + " memory has no budget to watch."),
        decision.verdicts().stream()
            .map(v -> v.finding().ruleId() + " " + v.finding().message())
            .toList());
    ResourceReport api = decision.evaluation().resources().getFirst();
    assertEquals(ResourceReport.Status.EVALUATED, api.status());
    assertTrue(
        api.reason().endsWith("read in each scenario: Grpc is true; Grpc is false"), api.reason());
  }

  @Test
  void aClusterNeitherTheInputNorTheInventoryHolds_holdsBackSc005_neverAPass() {
    String template =
        """
        Resources:
          Api:
            Type: AWS::ECS::Service
            Properties:
              Cluster: %s
              TaskDefinition: !Ref Task
              ServiceConnectConfiguration:
                Enabled: true
                Services: [{PortName: rpc}]
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Cpu: 1024
              Memory: 2048
              ContainerDefinitions:
                - Name: app
                  PortMappings: [{Name: rpc, AppProtocol: grpc}]
          Cluster:
            Type: AWS::ECS::Cluster
        """;

    ResourceReport elsewhere =
        check(Policy.DEFAULTS, input(template.formatted("prod")))
            .evaluation()
            .resources()
            .getFirst();
    Decision here = check(Policy.DEFAULTS, input(template.formatted("!Ref Cluster")));

    assertEquals(
        "context unavailable: cluster prod: not in the input (give --inventory FILE with its"
            + " settings)",
        elsewhere.rulesNotRun().get("SC005"));
    assertEquals(List.of("SC005"), List.copyOf(elsewhere.rulesNotRun().keySet()));
    assertEquals(
        List.of("SC005"), here.verdicts().stream().map(v -> v.finding().ruleId()).toList());
  }

  private static PlannedInput input(String template) {
    return CloudFormationReader.read(template.getBytes(StandardCharsets.UTF_8), "t.yaml", Map.of());
  }
}
