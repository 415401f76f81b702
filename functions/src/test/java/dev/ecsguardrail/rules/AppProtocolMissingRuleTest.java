package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppProtocolMissingRuleTest {

  private static final String SC_ON_WEB =
      """
      {"serviceName": "api", "cluster": "prod", "taskDefinition": "api:1",
       "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
      """;

  private final Rule rule = new AppProtocolMissingRule();

  @Test
  void portWithoutAppProtocol_reportsSc002() {
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "app",
          "portMappings": [{"name": "web", "containerPort": 8080}]}]}
        """;

    onlyFinding(
        rule.evaluate(subject(SC_ON_WEB, td)),
        AppProtocolMissingRule.INFO,
        "containerDefinitions[app].portMappings[web]",
        "Service Connect port 'web' (container app, port 8080) in api has no appProtocol");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "http2", "grpc"})
  void portWithAppProtocol_noFinding(String appProtocol) {
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "app",
          "portMappings": [{"name": "web", "containerPort": 8080, "appProtocol": "%s"}]}]}
        """
            .formatted(appProtocol);

    assertEquals(List.of(), rule.evaluate(subject(SC_ON_WEB, td)));
  }

  @Test
  void portOutsideServiceConnectWithoutAppProtocol_noFinding() {
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "app", "portMappings": [
          {"name": "web", "containerPort": 8080, "appProtocol": "http"},
          {"name": "admin", "containerPort": 9090}]}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(SC_ON_WEB, td)));
  }

  @Test
  void serviceConnectDisabled_noFinding() {
    String service =
        """
        {"serviceName": "api", "taskDefinition": "api:1",
         "serviceConnectConfiguration": {"enabled": false, "services": [{"portName": "web"}]}}
        """;
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "app",
          "portMappings": [{"name": "web", "containerPort": 8080}]}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td)));
  }
}
