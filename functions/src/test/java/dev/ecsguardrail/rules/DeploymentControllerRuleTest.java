package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void nativeBlueGreenStrategy_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "api", "deploymentController": {"type": "ECS"},
             "deploymentConfiguration": {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 10},
             "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
            """));
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
