package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowsRuleTest {

  private static final String SC_SERVICE =
      """
      {"serviceName": "win-api", "taskDefinition": "windows-api:1",
       "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "http"}]}}
      """;

  private final Rule rule = new WindowsRule();

  private static String td(String os) {
    return """
        {"family": "windows-api", "runtimePlatform": {"operatingSystemFamily": "%s"},
         "containerDefinitions": [{"name": "api", "portMappings": [{"name": "http"}]}]}
        """
        .formatted(os);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "WINDOWS_SERVER_2019_FULL",
        "WINDOWS_SERVER_2022_CORE",
        "WINDOWS_SERVER_2016_FULL"
      })
  void windowsTaskDefinition_reportsSc006(String os) {
    onlyFinding(
        rule.evaluate(subject(SC_SERVICE, td(os))),
        WindowsRule.INFO,
        "runtimePlatform.operatingSystemFamily",
        "windows-api runs on " + os);
  }

  @Test
  void linuxTaskDefinition_noFinding() {
    assertEquals(List.of(), rule.evaluate(subject(SC_SERVICE, td("LINUX"))));
  }

  @Test
  void noRuntimePlatform_noFinding() {
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "api"}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(SC_SERVICE, td)));
  }

  @Test
  void windowsWithoutServiceConnect_noFinding() {
    String service =
        """
        {"serviceName": "win-api", "taskDefinition": "windows-api:1"}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td("WINDOWS_SERVER_2022_CORE"))));
  }
}
