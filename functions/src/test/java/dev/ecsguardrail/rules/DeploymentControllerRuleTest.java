package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentControllerRuleTest {

  private final Rule rule = new DeploymentControllerRule();

  /** No task definition: the rule must not need one. */
  private List<Finding> evaluate(String service) {
    return rule.evaluate(subject(service, StubContextSource.of(null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CODE_DEPLOY", "EXTERNAL"})
  void unsupportedControllerWithServiceConnect_reportsSc001(String controller) {
    String service =
        """
        {"serviceName": "api", "cluster": "prod", "deploymentController": {"type": "%s"},
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
        """
            .formatted(controller);

    Finding finding =
        onlyFinding(
            evaluate(service),
            DeploymentControllerRule.INFO,
            "deploymentController.type",
            controller);
    assertEquals("prod/api", finding.resource());
  }

  @Test
  void ecsController_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "deploymentController": {"type": "ECS"},
             "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
            """));
  }

  /**
   * BLUE_GREEN, and LINEAR and CANARY since 2025-10-30: built in, and fine with Service Connect.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"strategy\": \"BLUE_GREEN\", \"bakeTimeInMinutes\": 10",
        "\"strategy\": \"LINEAR\", \"linearConfiguration\": {\"stepPercent\": 10.0,"
            + " \"stepBakeTimeInMinutes\": 6}",
        "\"strategy\": \"CANARY\", \"canaryConfiguration\": {\"canaryPercent\": 5.0,"
            + " \"canaryBakeTimeInMinutes\": 10}"
      })
  void nativeStrategiesOfTheEcsController_noFinding(String configuration) {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "deploymentController": {"type": "ECS"},
             "deploymentConfiguration": {%s},
             "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
            """
                .formatted(configuration)));
  }

  @Test
  void remediation_offersEveryBuiltInStrategy_andSaysWhichIsClosestToCodeDeploy() {
    String remediation = DeploymentControllerRule.INFO.remediation();
    for (String strategy : List.of("BLUE_GREEN", "LINEAR", "CANARY")) {
      assertTrue(remediation.contains(strategy), strategy);
    }
    assertTrue(remediation.contains("closest to a CodeDeploy blue/green"), remediation);
    assertTrue(remediation.contains("stepPercent") && remediation.contains("canaryPercent"));
  }

  @Test
  void noControllerMeansEcs_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "serviceConnectConfiguration": {"enabled": true}}
            """));
  }

  @Test
  void codeDeployWithServiceConnectDisabled_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "deploymentController": {"type": "CODE_DEPLOY"},
             "serviceConnectConfiguration": {"enabled": false}}
            """));
  }

  @Test
  void codeDeployWithoutServiceConnect_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "deploymentController": {"type": "CODE_DEPLOY"}}
            """));
  }
}
