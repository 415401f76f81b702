package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortNameRuleTest {

  private static final String TD_WITH_WEB =
      """
      {"family": "search", "containerDefinitions": [{"name": "app", "portMappings": [
        {"name": "web", "containerPort": 8080, "appProtocol": "http"},
        {"containerPort": 9090}]}]}
      """;

  private final Rule rule = new PortNameRule();

  @Test
  void portNameNotAmongNamedPorts_reportsSc003() {
    String service =
        """
        {"serviceName": "search", "taskDefinition": "search:1",
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "http"}]}}
        """;

    onlyFinding(
        rule.evaluate(subject(service, TD_WITH_WEB)),
        PortNameRule.INFO,
        "serviceConnectConfiguration.services[0].portName",
        "portName 'http' is not a named port mapping of search; its named ports are [web]");
  }

  @Test
  void secondEntryMismatched_pathNamesItsIndex() {
    String service =
        """
        {"serviceName": "search", "taskDefinition": "search:1", "serviceConnectConfiguration":
          {"enabled": true, "services": [{"portName": "web"}, {"portName": "admin"}]}}
        """;

    onlyFinding(
        rule.evaluate(subject(service, TD_WITH_WEB)),
        PortNameRule.INFO,
        "serviceConnectConfiguration.services[1].portName",
        "'admin'");
  }

  @Test
  void portNameMatchesNamedPort_noFinding() {
    String service =
        """
        {"serviceName": "search", "taskDefinition": "search:1",
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, TD_WITH_WEB)));
  }

  @Test
  void serviceConnectDisabled_noFinding() {
    String service =
        """
        {"serviceName": "search", "taskDefinition": "search:1",
         "serviceConnectConfiguration": {"enabled": false, "services": [{"portName": "http"}]}}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, TD_WITH_WEB)));
  }
}
