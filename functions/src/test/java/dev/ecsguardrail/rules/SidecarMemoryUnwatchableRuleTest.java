package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.model.ClusterView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidecarMemoryUnwatchableRuleTest {

  private static final String SERVICE =
      """
      {"serviceName": "orders", "cluster": "staging", "taskDefinition": "orders:1",
       "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "rpc"}]}}
      """;

  private final Rule rule =
      new SidecarMemoryUnwatchableRule(dev.ecsguardrail.cost.PriceTable.bundled());

  private static String td(String memoryField, String appProtocol) {
    return """
        {"family": "orders", "cpu": "512", %s "containerDefinitions": [{"name": "app",
          "portMappings": [{"name": "rpc", "containerPort": 50051, "appProtocol": "%s"}]}]}
        """
        .formatted(memoryField, appProtocol);
  }

  private static ClusterView cluster(String containerInsights) {
    return new ClusterView(
        "arn:aws:ecs:us-east-1:123456789012:cluster/staging",
        "staging",
        containerInsights,
        Map.of());
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {"enabled, containerInsights=enabled", "null, containerInsights=unset"})
  void grpcOnClusterWithoutEnhancedObservability_reportsSc005(String setting, String shown) {
    var context =
        StubContextSource.of(td("\"memory\": \"1024\",", "grpc")).withCluster(cluster(setting));

    Finding finding =
        onlyFinding(
            rule.evaluate(subject(SERVICE, context)),
            SidecarMemoryUnwatchableRule.INFO,
            "cluster.settings.containerInsights",
            "gRPC service on cluster staging (" + shown + ")");
    assertTrue(finding.message().contains("containerInsights=enhanced"), finding.message());
    assertTrue(finding.message().endsWith("alarm on them then costs $0.10 per month."));
    assertEquals(new java.math.BigDecimal("0.10"), finding.monthlyCostUsd());
  }

  @Test
  void grpcOnEnhancedCluster_noFinding() {
    var context =
        StubContextSource.of(td("\"memory\": \"1024\",", "grpc")).withCluster(cluster("enhanced"));

    assertEquals(List.of(), rule.evaluate(subject(SERVICE, context)));
  }

  @Test
  void grpcWithoutTaskMemory_reportsSc005() {
    var context = StubContextSource.of(td("", "grpc")).withCluster(cluster("enhanced"));

    onlyFinding(
        rule.evaluate(subject(SERVICE, context)),
        SidecarMemoryUnwatchableRule.INFO,
        "memory",
        "gRPC service orders has no task-level memory");
  }

  @Test
  void httpOnClusterWithoutEnhancedObservability_noFinding() {
    var context =
        StubContextSource.of(td("\"memory\": \"1024\",", "http")).withCluster(cluster("disabled"));

    assertEquals(List.of(), rule.evaluate(subject(SERVICE, context)));
  }

  @Test
  void clusterUnknownOffline_noFinding() {
    var context = StubContextSource.of(td("\"memory\": \"1024\",", "grpc"));

    assertEquals(List.of(), rule.evaluate(subject(SERVICE, context)));
  }
}
