package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguardrail.cost.PriceTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyCpuShareRuleBoundaryTest {

  private final Rule rule = new ProxyCpuShareRule(PriceTable.bundled());

  /** A task CPU of 0 says nothing about the proxy's share: no "infinite %" finding. */
  @Test
  void zeroTaskCpu_noFinding() {
    String service =
        """
        {"serviceName": "api", "taskDefinition": "api:1",
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
        """;
    String td =
        """
        {"family": "api", "cpu": "0", "memory": "2048", "containerDefinitions": [{"name": "app"}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td)));
  }
}
