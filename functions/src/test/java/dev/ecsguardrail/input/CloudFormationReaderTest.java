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
            new UnknownValue("deploymentController.type", "Fn::If IsProd (undecided)"),
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
}
