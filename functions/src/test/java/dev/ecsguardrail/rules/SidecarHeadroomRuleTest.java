package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.NamespaceView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidecarHeadroomRuleTest {

  private static final String NAMESPACE_ARN =
      "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-4wqn2ea6pv2xkzq6";

  private final Rule rule = new SidecarHeadroomRule(PriceTable.bundled());

  /** A Fargate service with Service Connect on port "web", {@code extra} spliced into the body. */
  private static String service(String extra) {
    return """
        {"serviceName": "api", "cluster": "prod", "taskDefinition": "api:1", "launchType": "FARGATE",
         %s
         "serviceConnectConfiguration": {"enabled": true, "namespace": "%s",
           "services": [{"portName": "web"}]}}
        """
        .formatted(extra, NAMESPACE_ARN);
  }

  /** One container with port "web"; task and container sizes as given. */
  private static String td(int cpu, int memory, int containerCpu, int containerMemory, String app) {
    return """
        {"family": "api", "requiresCompatibilities": ["FARGATE"], "cpu": "%d", "memory": "%d",
         "containerDefinitions": [{"name": "app", "cpu": %d, "memory": %d,
           "portMappings": [{"name": "web", "containerPort": 8080, "appProtocol": "%s"}]}]}
        """
        .formatted(cpu, memory, containerCpu, containerMemory, app);
  }

  @ParameterizedTest(name = "{0}/{1} fully reserved -> {2}: +${3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
           256 |  512 |  512 CPU / 1024 MiB |  9.01
           512 | 1024 | 1024 CPU / 2048 MiB | 18.02
          1024 | 2048 | 2048 CPU / 4096 MiB | 36.04
          """)
  void fullyReservedTask_reportsStepToNextFargateSize(
      int cpu, int memory, String nextSize, String perTaskMonth) {
    List<Finding> findings =
        rule.evaluate(subject(service(""), td(cpu, memory, cpu, memory, "http")));

    Finding finding =
        onlyFinding(
            findings,
            SidecarHeadroomRule.INFO,
            "cpu/memory",
            "leaves 0 CPU units and 0 MiB to the Service Connect proxy; it needs 256 CPU units and"
                + " 64 MiB.");
    assertTrue(finding.remediation().contains("to the next valid Fargate size, " + nextSize));
    assertTrue(finding.remediation().contains("+$" + perTaskMonth + " per task-month"));
    assertEquals(perTaskMonth, finding.monthlyCostUsd().toPlainString());
  }

  @Test
  void desiredCount_multipliesMonthlyCost() {
    Finding finding =
        rule.evaluate(subject(service("\"desiredCount\": 3,"), td(256, 512, 256, 512, "http")))
            .getFirst();

    assertEquals("27.03", finding.monthlyCostUsd().toPlainString());
    assertTrue(
        finding.remediation().contains("+$9.01 per task-month, +$27.03 per month for 3 tasks"),
        finding.remediation());
  }

  @Test
  void grpcWith64MiBFree_needs128() {
    List<Finding> findings = rule.evaluate(subject(service(""), td(512, 1024, 256, 960, "grpc")));

    Finding finding =
        onlyFinding(
            findings,
            SidecarHeadroomRule.INFO,
            "cpu/memory",
            "it needs 256 CPU units and 128 MiB (gRPC");
    assertTrue(finding.remediation().contains("512 CPU / 2048 MiB"), finding.remediation());
  }

  @Test
  void httpWith64MiBFree_noFinding() {
    assertEquals(List.of(), rule.evaluate(subject(service(""), td(512, 1024, 256, 960, "http"))));
  }

  @Test
  void enoughHeadroom_noFinding() {
    assertEquals(List.of(), rule.evaluate(subject(service(""), td(512, 1024, 256, 512, "grpc"))));
  }

  @Test
  void ec2LaunchType_findingWithoutCost() {
    String ec2 = service("").replace("\"FARGATE\"", "\"EC2\"");

    Finding finding =
        onlyFinding(
            rule.evaluate(subject(ec2, td(256, 512, 256, 512, "http"))),
            SidecarHeadroomRule.INFO,
            "cpu/memory",
            "leaves 0 CPU units");
    assertNull(finding.monthlyCostUsd());
    assertEquals(SidecarHeadroomRule.INFO.remediation(), finding.remediation());
    assertTrue(finding.message().contains("It runs on instances"), finding.message());
  }

  /** ECS Managed Instances (2025-09), or an Auto Scaling group's provider: no Fargate price. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          "capacityProviderStrategy": [{"capacityProvider": "mi-provider", "weight": 1}], | FARGATE
          "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "asg", "weight": 1}], | FARGATE
          "capacityProviderStrategy": [{"capacityProvider": "mi-provider", "weight": 1}], | MANAGED_INSTANCES
          """)
  void instancesByStrategyOrCompatibility_findingWithoutFargateCost(
      String strategy, String compatibility) {
    String onInstances = service(strategy).replace("\"launchType\": \"FARGATE\",", "");
    String taskDefinition =
        td(256, 512, 256, 512, "http").replace("[\"FARGATE\"]", "[\"" + compatibility + "\"]");

    Finding finding = rule.evaluate(subject(onInstances, taskDefinition)).getFirst();

    assertNull(finding.monthlyCostUsd(), finding.toString());
    assertTrue(finding.message().contains("It runs on instances"), finding.message());
  }

  @Test
  void fargateSpotInTheStrategy_pricedOnDemand_andSaysItIsAnUpperBound() {
    String spot =
        service(
                "\"capacityProviderStrategy\": [{\"capacityProvider\": \"FARGATE\", \"base\": 1},"
                    + " {\"capacityProvider\": \"FARGATE_SPOT\", \"weight\": 3}],")
            .replace("\"launchType\": \"FARGATE\",", "");

    Finding finding = rule.evaluate(subject(spot, td(256, 512, 256, 512, "http"))).getFirst();

    assertEquals("9.01", finding.monthlyCostUsd().toPlainString());
    assertTrue(finding.remediation().contains("an upper bound for the FARGATE_SPOT share"));
  }

  @Test
  void noLaunchTypeNorStrategy_fargateCompatibleTask_pricedAsFargate() {
    String unsaid = service("").replace("\"launchType\": \"FARGATE\",", "");

    Finding finding = rule.evaluate(subject(unsaid, td(256, 512, 256, 512, "http"))).getFirst();

    assertEquals("9.01", finding.monthlyCostUsd().toPlainString());
  }

  @Test
  void noFargateSizeLargeEnough_saysSo() {
    Finding finding =
        rule.evaluate(subject(service(""), td(16384, 122880, 16384, 122880, "http"))).getFirst();

    assertTrue(finding.remediation().startsWith("No Fargate size is large enough"));
    assertNull(finding.monthlyCostUsd());
  }

  @Test
  void largeNamespaceWith100MiBFree_needs128() {
    var context =
        StubContextSource.of(td(512, 1024, 256, 924, "http"))
            .withNamespace(new NamespaceView(NAMESPACE_ARN, "prod.internal", "HTTP", 101));

    onlyFinding(
        rule.evaluate(subject(service(""), context)),
        SidecarHeadroomRule.INFO,
        "cpu/memory",
        "leaves 256 CPU units and 100 MiB to the Service Connect proxy; it needs 256 CPU units and"
            + " 128 MiB (namespace prod.internal has 101 services).");
  }

  @Test
  void namespaceOf100ServicesWith100MiBFree_noFinding() {
    var context =
        StubContextSource.of(td(512, 1024, 256, 924, "http"))
            .withNamespace(new NamespaceView(NAMESPACE_ARN, "prod.internal", "HTTP", 100));

    assertEquals(List.of(), rule.evaluate(subject(service(""), context)));
  }

  @Test
  void largeNamespaceWith128MiBFree_noFindingAndNoLookup() {
    var context =
        StubContextSource.of(td(512, 1024, 256, 896, "http"))
            .withNamespace(new NamespaceView(NAMESPACE_ARN, "prod.internal", "HTTP", 500));

    assertEquals(List.of(), rule.evaluate(subject(service(""), context)));
    assertEquals(0, context.namespaceCalls);
  }

  @Test
  void serviceConnectDisabled_noFinding() {
    String off =
        """
        {"serviceName": "api", "taskDefinition": "api:1", "launchType": "FARGATE",
         "serviceConnectConfiguration": {"enabled": false}}
        """;

    assertEquals(List.of(), rule.evaluate(subject(off, td(256, 512, 256, 512, "http"))));
  }

  @Test
  void noTaskMemory_noFinding() {
    String td =
        """
        {"family": "api", "cpu": "256", "containerDefinitions": [{"name": "app", "cpu": 256,
          "memory": 512, "portMappings": [{"name": "web", "appProtocol": "grpc"}]}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service(""), td)));
  }
}
