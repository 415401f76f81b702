package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppMeshRuleTest {

  private static final String APP_MESH_TD =
      """
      {"family": "legacy-mesh", "proxyConfiguration": {"type": "APPMESH", "containerName": "envoy"},
       "containerDefinitions": [{"name": "app"}, {"name": "envoy"}]}
      """;

  private final Rule rule = new AppMeshRule();

  @Test
  void appMeshProxyConfiguration_reportsSc008() {
    String service =
        """
        {"serviceName": "legacy", "cluster": "prod", "taskDefinition": "legacy-mesh:1"}
        """;

    onlyFinding(
        rule.evaluate(subject(service, APP_MESH_TD)),
        AppMeshRule.INFO,
        "proxyConfiguration.type",
        "legacy-mesh has an APPMESH proxyConfiguration.");
  }

  @Test
  void appMeshWithServiceConnectEnabled_stillReportsSc008() {
    String service =
        """
        {"serviceName": "legacy", "taskDefinition": "legacy-mesh:1",
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "http"}]}}
        """;

    onlyFinding(
        rule.evaluate(subject(service, APP_MESH_TD)),
        AppMeshRule.INFO,
        "proxyConfiguration.type",
        "APPMESH");
  }

  @Test
  void noProxyConfiguration_noFinding() {
    String service =
        """
        {"serviceName": "legacy", "taskDefinition": "legacy:2"}
        """;
    String td =
        """
        {"family": "legacy", "containerDefinitions": [{"name": "app"}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td)));
  }
}
