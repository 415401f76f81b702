package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNetworkRuleTest {

  private static final String SC_SERVICE =
      """
      {"serviceName": "node-agent", "taskDefinition": "hostnet-agent:1", "launchType": "EC2",
       "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "metrics"}]}}
      """;

  private final Rule rule = new HostNetworkRule();

  private static String td(String networkMode) {
    return """
        {"family": "hostnet-agent", "networkMode": "%s",
         "containerDefinitions": [{"name": "agent", "portMappings": [{"name": "metrics"}]}]}
        """
        .formatted(networkMode);
  }

  @Test
  void hostNetworkMode_reportsSc009() {
    onlyFinding(
        rule.evaluate(subject(SC_SERVICE, td("host"))),
        HostNetworkRule.INFO,
        "networkMode",
        "hostnet-agent uses the host network mode.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"awsvpc", "bridge"})
  void supportedNetworkMode_noFinding(String networkMode) {
    assertEquals(List.of(), rule.evaluate(subject(SC_SERVICE, td(networkMode))));
  }

  @Test
  void hostNetworkWithoutServiceConnect_noFinding() {
    String service =
        """
        {"serviceName": "node-agent", "taskDefinition": "hostnet-agent:1", "launchType": "EC2"}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td("host"))));
  }
}
