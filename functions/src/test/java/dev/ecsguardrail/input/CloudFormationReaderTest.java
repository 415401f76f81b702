package dev.ecsguardrail.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.PlannedService;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.UnknownValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationReaderTest {

  private static PlannedInput read(String template, Map<String, String> parameters) {
    return CloudFormationReader.read(
        template.getBytes(StandardCharsets.UTF_8), "t.yaml", parameters);
  }

  private static PlannedInput read(String template) {
    return read(template, Map.of());
  }

  /** A template of these resources, each a YAML snippet at column 0. */
  private static String resources(String... snippets) {
    StringBuilder out = new StringBuilder("Resources:\n");
    for (String snippet : snippets) {
      out.append(snippet.indent(2));
    }
    return out.toString();
  }

  private static final String TASK =
      """
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 512
            Memory: "1024"
            ContainerDefinitions:
              - Name: app
                Cpu: "256"
                Memory: 512
                PortMappings:
                  - Name: http
                    ContainerPort: "8080"
                    AppProtocol: http
        """;

  private static String service(String taskDefinition, String extra) {
    return """
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: %s
            ServiceConnectConfiguration:
              Enabled: "true"
              Services:
                - PortName: http
        %s
        """
        .formatted(taskDefinition, extra.indent(4).stripTrailing());
  }

  @Test
  void refAndGetAtt_linkTheTaskDefinition_whicheverComesFirst_stringsTypedAsTheApi() {
    for (String reference :
        List.of(
            "!Ref Task",
            "!GetAtt Task.TaskDefinitionArn",
            "{\"Fn::GetAtt\": [Task, TaskDefinitionArn]}")) {
      PlannedInput serviceFirst = read(resources(service(reference, ""), TASK));
      PlannedInput taskFirst = read(resources(TASK, service(reference, "")));

      for (PlannedInput input : List.of(serviceFirst, taskFirst)) {
        PlannedService s = input.services().getFirst();
        assertEquals("Task", s.taskDefinition().address(), reference);
        assertEquals(512, s.taskDefinition().view().cpu());
        assertEquals(256, s.taskDefinition().view().containers().getFirst().cpu());
        assertEquals(8080, s.taskDefinition().view().port("http").orElseThrow().containerPort());
        assertTrue(s.config().serviceConnectEnabled(), "Enabled: \"true\"");
        assertEquals("Service", s.config().serviceName(), "no ServiceName: the logical id");
        assertEquals(List.of(), s.unknowns());
      }
    }
  }

  @Test
  void parameters_defaultThenOverride_andAnUnknownOverrideIsRefused() {
    String template =
        """
        Parameters:
          Count: {Type: Number, Default: 2}
          Free: {Type: String}
        """
            + resources(
                service("!Ref Task", "DesiredCount: !Ref Count\nPlatformVersion: !Ref Free"), TASK);

    assertEquals(2, read(template).services().getFirst().config().desiredCount());
    assertEquals(
        7, read(template, Map.of("Count", "7")).services().getFirst().config().desiredCount());
    UnknownValue free = read(template).services().getFirst().unknowns().getFirst();
    assertEquals("platformVersion", free.path());
    assertTrue(free.why().contains("--parameter Free=VALUE"), free.why());
    var e = assertThrows(MalformedEventException.class, () -> read(template, Map.of("Cuont", "7")));
    assertEquals("t.yaml has no parameter Cuont (--parameter)", e.getMessage());
  }

  @Test
  void subJoinIfImportAndUnknownFunctions_areUnknown_noValueIsAbsent() {
    PlannedInput input =
        read(
            resources(
                service(
                    "!ImportValue shared-task",
                    """
                    DeploymentController:
                      Type: !If [IsProd, ECS, CODE_DEPLOY]
                    LaunchType: !Ref AWS::NoValue
                    Cluster: !Sub "${Env}-cluster"
                    DesiredCount: {"Fn::Frobnicate": 3}
                    """)));

    PlannedService s = input.services().getFirst();
    assertNull(s.config().launchType());
    assertNull(s.taskDefinition());
    assertEquals(
        List.of(
            new UnknownValue("taskDefinition", "Fn::ImportValue"),
            new UnknownValue(
                "deploymentController.type",
                "Fn::If IsProd, a condition the template does not define"),
            new UnknownValue(
                "cluster", "Fn::Sub (${Env}: Ref Env, which the template does not define)"),
            new UnknownValue("desiredCount", "Fn::Frobnicate")),
        s.unknowns());
  }

  @Test
  void aResourceThatIsAList_isSkippedWithWhy_theRestIsRead() {
    PlannedInput input = read(resources("Broken:\n  - 1\n  - 2\n", service("!Ref Task", ""), TASK));

    ResourceReport broken = input.skipped().getFirst();
    assertEquals("Broken", broken.address());
    assertEquals(ResourceReport.Status.SKIPPED, broken.status());
    assertEquals("not a resource: an array, not an object", broken.reason());
    assertEquals(2, broken.location().line());
    assertEquals(1, input.services().size());
  }

  @Test
  void aServiceWithAWrongType_isSkippedWithThePath() {
    PlannedInput input = read(resources(service("!Ref Task", "DesiredCount: [1]"), TASK));

    assertEquals(List.of(), input.services());
    assertTrue(
        input.skipped().getFirst().reason().contains("desiredCount"), input.skipped().toString());
  }

  @Test
  void anchorsAndAliases_areExpanded_aBillionLaughsIsRefused() {
    String anchored =
        """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - &app
                  Name: app
                  PortMappings: [{Name: http, ContainerPort: 8080}]
                - <<: *app
                  Name: sidecar
        """;
    var containers = read(anchored).taskDefinitions().getFirst().view().containers();
    assertEquals(List.of("app", "sidecar"), containers.stream().map(c -> c.name()).toList());
    assertEquals(8080, containers.get(1).ports().getFirst().containerPort());

    StringBuilder laughs =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      laughs
          .append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(("*" + p + ",").repeat(8))
          .append('*')
          .append(p)
          .append("]\n");
    }
    laughs.append("Resources: {}\n");
    var e = assertThrows(MalformedEventException.class, () -> read(laughs.toString()));
    assertTrue(e.getMessage().startsWith("t.yaml is not YAML: "), e.getMessage());
    assertTrue(e.getMessage().contains("aliases"), e.getMessage());
  }

  @Test
  void notATemplate_duplicateKeys_truncatedYaml_oneLineEach() {
    assertEquals(
        "t.yaml has no Resources object: not a CloudFormation template",
        assertThrows(MalformedEventException.class, () -> read("Foo: bar\n")).getMessage());
    assertEquals(
        "t.yaml: duplicate key 'Type' at line 4",
        assertThrows(
                MalformedEventException.class,
                () -> read("Resources:\n  A:\n    Type: X\n    Type: Y\n"))
            .getMessage());
    String truncated =
        assertThrows(MalformedEventException.class, () -> read("Resources:\n  A: {Type: ["))
            .getMessage();
    assertTrue(
        truncated.startsWith("t.yaml is not YAML: ") && !truncated.contains("\n"), truncated);
  }

  @Test
  void findingsLines_propertyAndResource() {
    PlannedInput input = read(resources(service("!Ref Task", ""), TASK));

    PlannedService s = input.services().getFirst();
    assertEquals(2, s.location().line());
    assertEquals(9, s.locations().get("serviceConnectConfiguration.services[0].portName").line());
    assertEquals(
        21,
        s.taskDefinition().locations().get("containerDefinitions[app].portMappings[http]").line());
  }

  private static final String CONDITIONS =
      """
      Parameters:
        Env: {Type: String}
        Mode: {Type: String, Default: grpc}
      Conditions:
        IsProd: !Equals [!Ref Env, prod]
        Grpc: !Equals [!Ref Mode, grpc]
        ProdGrpc: !And [!Condition IsProd, !Condition Grpc]
        NotGrpcOrProd: !Or [!Not [!Condition Grpc], !Condition IsProd]
      """;

  @Test
  void conditions_decidedByParameters_undecidedNamesWhatToGive() {
    String template =
        CONDITIONS
            + resources(
                service(
                    "!Ref Task",
                    """
                    DeploymentController:
                      Type: !If [Grpc, ECS, CODE_DEPLOY]
                    LaunchType: !If [IsProd, FARGATE, EC2]
                    DesiredCount: !If [ProdGrpc, 6, 2]
                    PlatformVersion: !If [NotGrpcOrProd, LATEST, !Ref AWS::NoValue]
                    """),
                TASK);

    List<PlannedService> undecided = read(template).services();
    PlannedService prod = read(template, Map.of("Env", "prod")).services().getFirst();
    PlannedService dev = read(template, Map.of("Env", "dev", "Mode", "http")).services().getFirst();

    // Env decides IsProd, which ProdGrpc and NotGrpcOrProd rest on: one scenario each way.
    assertEquals(
        List.of("IsProd is true", "IsProd is false"),
        undecided.stream().map(PlannedService::condition).toList());
    assertEquals(prod.config(), undecided.getFirst().config());
    assertEquals("ECS", undecided.get(1).config().controllerType());
    assertEquals("EC2", undecided.get(1).config().launchType());
    assertEquals(2, undecided.get(1).config().desiredCount());
    assertEquals(List.of(), undecided.get(1).unknowns());
    assertEquals(List.of(), prod.unknowns());
    assertNull(prod.condition());
    assertEquals("FARGATE", prod.config().launchType());
    assertEquals(6, prod.config().desiredCount());
    assertEquals("CODE_DEPLOY", dev.config().controllerType());
    assertEquals("EC2", dev.config().launchType());
    assertEquals(2, dev.config().desiredCount());
  }

  @Test
  void scenariosThatCannotHappen_areLeftOut_oneParameterHasOneValue() {
    String template =
        """
        Parameters:
          Env: {Type: String}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Equals [dev, !Ref Env]
        """
            + resources(
                service("!Ref Task", "DesiredCount: !If [IsProd, 6, !If [IsDev, 1, 2]]"), TASK);

    List<PlannedService> readings = read(template).services();

    assertEquals(
        List.of(
            "IsProd is true and IsDev is false",
            "IsProd is false and IsDev is true",
            "IsProd is false and IsDev is false"),
        readings.stream().map(PlannedService::condition).toList());
    assertEquals(List.of(6, 1, 2), readings.stream().map(r -> r.config().desiredCount()).toList());
  }

  @Test
  void aResourceWhoseConditionIsFalse_isSkippedWithWhy_undecidedIsChecked() {
    String template =
        CONDITIONS
            + resources(
                service("!Ref Task", "")
                    .replace(
                        "  Type: AWS::ECS::Service",
                        "  Type: AWS::ECS::Service\n  Condition: IsProd"),
                TASK);

    PlannedInput dev = read(template, Map.of("Env", "dev"));
    PlannedInput undecided = read(template);

    assertEquals(List.of(), dev.services());
    assertEquals(
        "not created: its condition IsProd is false with these parameters",
        dev.skipped().getFirst().reason());
    assertEquals(1, undecided.services().size());
  }

  @Test
  void subJoinSelectFindInMapAndPseudoParameters_resolveFromKnownParts() {
    String template =
        """
        Parameters:
          Env: {Type: String, Default: prod}
        Mappings:
          Sizes: {prod: {count: "4"}}
        """
            + resources(
                service(
                    "!Sub 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/app:3'",
                    """
                    Cluster: !Join ["-", [!Ref Env, !Select [1, [a, shop, c]]]]
                    DesiredCount: !FindInMap [Sizes, !Ref Env, count]
                    ServiceName: !Sub "${Env}-svc-${AWS::URLSuffix}-${!Literal}"
                    """));

    PlannedService china =
        CloudFormationReader.read(
                template.getBytes(StandardCharsets.UTF_8),
                "t.yaml",
                new ParameterValues(Map.of()),
                null,
                null,
                "cn-north-1",
                "123456789012")
            .services()
            .getFirst();
    PlannedService noAccount = read(template).services().getFirst();

    assertEquals(
        "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/app:3",
        china.config().taskDefinition());
    assertEquals("prod-shop", china.config().cluster());
    assertEquals(4, china.config().desiredCount());
    assertEquals("prod-svc-amazonaws.com.cn-${Literal}", china.config().serviceName());
    assertEquals(
        List.of(
            new UnknownValue(
                "taskDefinition",
                "Fn::Sub (${AWS::AccountId}: Ref AWS::AccountId (give --account ACCOUNT_ID))")),
        noAccount.unknowns());
  }

  @Test
  void whatTheTemplateDefines_isKnown_clusterSettingsNamespaceAndTaskDefinitionByFamily() {
    String template =
        resources(
            """
            Cluster:
              Type: AWS::ECS::Cluster
              Properties:
                ClusterSettings: [{Name: containerInsights, Value: enhanced}]
            Ns:
              Type: AWS::ServiceDiscovery::PrivateDnsNamespace
              Properties: {Name: shop.internal, Vpc: vpc-1}
            """,
            service(
                    "app",
                    """
                Cluster: !GetAtt Cluster.Arn
                DeploymentController: {Type: CODE_DEPLOY}
                """)
                .replace("Services:", "Namespace: !GetAtt Ns.Arn\n      Services:"),
            TASK.replace("Cpu: 512", "Family: app\n    Cpu: 512"));

    PlannedService s = read(template).services().getFirst();

    assertEquals("Task", s.taskDefinition().address());
    assertEquals("Cluster", s.config().cluster());
    assertEquals("enhanced", s.cluster().containerInsights());
    assertEquals("shop.internal", s.config().serviceConnect().namespace());
    assertEquals(List.of(), s.unknowns());
  }

  @Test
  void aClusterSettingTheTemplateLeavesUnknown_makesTheClusterUnknown() {
    String template =
        resources(
            """
            Cluster:
              Type: AWS::ECS::Cluster
              Properties:
                ClusterSettings: [{Name: containerInsights, Value: !ImportValue insights}]
            """,
            service("!Ref Task", "Cluster: !Ref Cluster"),
            TASK);

    PlannedService s = read(template).services().getFirst();

    assertNull(s.cluster());
    assertEquals(
        List.of(
            new UnknownValue("cluster", "the ClusterSettings of Cluster (known at deploy time)")),
        s.unknowns());
  }
}
