package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.NamespaceView;
import org.junit.jupiter.api.Test;

/** SC004 at the edges: exactly 64 MiB free, and a service that names no launch type. */
class SidecarHeadroomRuleBoundaryTest {

  private static final String NAMESPACE_ARN =
      "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-4wqn2ea6pv2xkzq6";

  private final Rule rule = new SidecarHeadroomRule(PriceTable.bundled());

  /**
   * Service Connect on port "web"; {@code launchType} spliced in (or nothing, and no capacity
   * provider strategy: then the task definition's compatibilities decide).
   */
  private static String service(String launchType) {
    return """
        {"serviceName": "api", "cluster": "prod", "taskDefinition": "api:1", %s
         "serviceConnectConfiguration": {"enabled": true, "namespace": "%s",
           "services": [{"portName": "web"}]}}
        """
        .formatted(launchType, NAMESPACE_ARN);
  }

  private static String td(String compatibilities, int containerMemory) {
    return """
        {"family": "api", "requiresCompatibilities": [%s], "cpu": "512", "memory": "1024",
         "containerDefinitions": [{"name": "app", "cpu": 256, "memory": %d,
           "portMappings": [{"name": "web", "containerPort": 8080, "appProtocol": "http"}]}]}
        """
        .formatted(compatibilities, containerMemory);
  }

  @Test
  void exactly64MiBFree_inALargeNamespace_needs128() {
    var context =
        StubContextSource.of(td("\"FARGATE\"", 960))
            .withNamespace(new NamespaceView(NAMESPACE_ARN, "prod.internal", "HTTP", 101));

    onlyFinding(
        rule.evaluate(subject(service("\"launchType\": \"FARGATE\","), context)),
        SidecarHeadroomRule.INFO,
        "cpu/memory",
        "leaves 256 CPU units and 64 MiB to the Service Connect proxy; it needs 256 CPU units and"
            + " 128 MiB (namespace prod.internal has 101 services).");
  }

  @Test
  void noLaunchType_aFargateTaskDefinition_isPricedAtFargateRates() {
    Finding finding =
        onlyFinding(
            rule.evaluate(subject(service(""), td("\"FARGATE\"", 1024))),
            SidecarHeadroomRule.INFO,
            "cpu/memory",
            "leaves 256 CPU units and 0 MiB");

    // 1 GB more for a month: 0.004445 $/GB-h * 730 h = $3.24.
    assertEquals("3.24", finding.monthlyCostUsd().toPlainString());
    assertTrue(
        finding.remediation().contains("to the next valid Fargate size, 512 CPU / 2048 MiB"),
        finding.remediation());
  }

  @Test
  void noLaunchType_anEc2TaskDefinition_isNotPriced() {
    Finding finding =
        onlyFinding(
            rule.evaluate(subject(service(""), td("\"EC2\"", 1024))),
            SidecarHeadroomRule.INFO,
            "cpu/memory",
            "leaves 256 CPU units and 0 MiB");

    assertNull(finding.monthlyCostUsd());
    assertEquals(SidecarHeadroomRule.INFO.remediation(), finding.remediation());
  }
}
