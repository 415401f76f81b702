package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.StubContextSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An UpdateService re-checks a rule when it changes what the rule reads, and only then: the App
 * Mesh, Windows and namespace-Region rules each on their own aspects.
 */
class ServiceChangeCheckAspectsTest {

  private static final String SERVICE =
      """
      {"serviceName": "api", "cluster": "prod", "taskDefinition": "api:1",
       "serviceConnectConfiguration": {"enabled": true,
         "namespace": "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-4wqn2ea6pv2xkzq6",
         "services": [{"portName": "web"}]}}
      """;

  /** An App Mesh proxy on Windows; CPU and memory to spare, port "web" speaks HTTP. */
  private static final String TASK_DEFINITION =
      """
      {"family": "api", "cpu": "4096", "memory": "8192",
       "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
       "proxyConfiguration": {"type": "APPMESH", "containerName": "envoy"},
       "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512,
         "portMappings": [{"name": "web", "containerPort": 8080, "appProtocol": "http"}]}]}
      """;

  private final ServiceChangeCheck check = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);

  private static ServiceChange update(EnumSet<ServiceAspect> changed) {
    try {
      return new ServiceChange(
          "evt-1",
          Instant.parse("2026-11-23T14:02:09Z"),
          "123456789012",
          "us-east-1",
          "UpdateService",
          Caller.UNKNOWN,
          ServiceConfigReader.fromRequest(StrictJson.MAPPER.readTree(SERVICE), "$", true),
          null,
          null,
          null,
          changed);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private List<String> ruleIds(EnumSet<ServiceAspect> changed) {
    return check
        .evaluate(update(changed), StubContextSource.of(TASK_DEFINITION))
        .findings()
        .stream()
        .map(Finding::ruleId)
        .filter(id -> List.of("SC006", "SC007", "SC008").contains(id))
        .sorted()
        .toList();
  }

  @ParameterizedTest(name = "{0} changed -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          TASK_DEFINITION       | SC006 SC008
          SERVICE_CONNECT       | SC006 SC007
          DESIRED_COUNT         |
          CAPACITY              |
          DEPLOYMENT_CONTROLLER |
          SERVICE_REGISTRIES    |
          """)
  void anUpdate_rechecksTheRulesThatReadWhatItChanged(ServiceAspect aspect, String expected) {
    List<String> ids = expected == null ? List.of() : List.of(expected.split(" "));

    assertEquals(ids, ruleIds(EnumSet.of(aspect)));
  }

  @Test
  void aCreate_checksThemAll() {
    assertEquals(List.of("SC006", "SC007", "SC008"), ruleIds(EnumSet.allOf(ServiceAspect.class)));
  }

  /** CloudTrail lost the request: not evaluable (EV001), never "changed nothing, all clear". */
  @Test
  void anUpdateWhoseRequestIsMissing_isReportedAsNotChecked() throws IOException {
    String event =
        Files.readString(Path.of("..", "events", "update-service-task-definition.json"))
            .replaceFirst("\"requestParameters\"", "\"requestParametersLost\"");

    Evaluation evaluation =
        check.evaluate(
            EventParser.parse(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            StubContextSource.of(TASK_DEFINITION));

    assertFalse(evaluation.evaluable());
    assertEquals(List.of("EV001"), evaluation.findings().stream().map(Finding::ruleId).toList());
  }
}
