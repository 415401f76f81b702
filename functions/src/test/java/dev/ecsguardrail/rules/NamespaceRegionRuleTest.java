package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceRegionRuleTest {

  private final Rule rule = new NamespaceRegionRule();

  private List<Finding> evaluate(String namespace) {
    String service =
        """
        {"serviceName": "catalog", "cluster": "prod", "serviceConnectConfiguration":
          {"enabled": true, "namespace": "%s", "services": [{"portName": "http"}]}}
        """
            .formatted(namespace);
    return rule.evaluate(subject(service, StubContextSource.of(null)));
  }

  @Test
  void namespaceArnInAnotherRegion_reportsSc007() {
    onlyFinding(
        evaluate("arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-4wqn2ea6pv2xkzq6"),
        NamespaceRegionRule.INFO,
        "serviceConnectConfiguration.namespace",
        "is in eu-west-1, the service in us-east-1.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-4wqn2ea6pv2xkzq6",
        "arn:aws:servicediscovery:us-east-1:210987654321:namespace/ns-shared0000000000",
        "prod.internal"
      })
  void namespaceInTheServiceRegionOrByName_noFinding(String namespace) {
    assertEquals(List.of(), evaluate(namespace));
  }

  @Test
  void noNamespace_noFinding() {
    String service =
        """
        {"serviceName": "catalog", "serviceConnectConfiguration": {"enabled": true}}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, StubContextSource.of(null))));
  }

  @Test
  void serviceConnectDisabled_noFinding() {
    String service =
        """
        {"serviceName": "catalog", "serviceConnectConfiguration": {"enabled": false,
          "namespace": "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-x"}}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, StubContextSource.of(null))));
  }
}
