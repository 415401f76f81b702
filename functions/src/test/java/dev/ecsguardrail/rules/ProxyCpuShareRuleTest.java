package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyCpuShareRuleTest {

  private final Rule rule = new ProxyCpuShareRule(PriceTable.bundled());

  private static String service(String desiredCount) {
    return """
        {"serviceName": "api", "taskDefinition": "api:1", "launchType": "FARGATE", %s
         "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "web"}]}}
        """
        .formatted(desiredCount);
  }

  private static String td(String cpu) {
    return """
        {"family": "api", "cpu": "%s", "memory": "2048", "containerDefinitions": [{"name": "app"}]}
        """
        .formatted(cpu);
  }

  @ParameterizedTest(name = "task cpu {0} -> {1} %")
  @CsvSource({"512, 50", "256, 100", "0.5 vCPU, 50"})
  void proxyHalfTheTaskCpuOrMore_reportsSc011(String cpu, int percent) {
    Finding finding =
        onlyFinding(
            rule.evaluate(subject(service(""), td(cpu))),
            ProxyCpuShareRule.INFO,
            "cpu",
            "The proxy's 256 CPU units are " + percent + " % of the task's");
    assertEquals("7.59", finding.monthlyCostUsd().toPlainString());
  }

  @Test
  void desiredCount_pricesEveryTask() {
    Finding finding =
        onlyFinding(
            rule.evaluate(subject(service("\"desiredCount\": 30,"), td("512"))),
            ProxyCpuShareRule.INFO,
            "cpu",
            "about $7.59 per task-month, $227.70 per month for 30 tasks at Fargate rates.");
    assertEquals("227.70", finding.monthlyCostUsd().toPlainString());
  }

  @Test
  void proxyQuarterOfTaskCpu_noFinding() {
    assertEquals(List.of(), rule.evaluate(subject(service(""), td("1024"))));
  }

  @Test
  void serviceConnectDisabled_noFinding() {
    String service =
        """
        {"serviceName": "api", "taskDefinition": "api:1"}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service, td("512"))));
  }

  @Test
  void noTaskCpu_noFinding() {
    String td =
        """
        {"family": "api", "containerDefinitions": [{"name": "app", "cpu": 128}]}
        """;

    assertEquals(List.of(), rule.evaluate(subject(service(""), td)));
  }

  /** On EC2 or ECS Managed Instances the share is the same, but no Fargate rate applies. */
  @Test
  void onInstances_theShareWithoutAFargatePrice() {
    String ec2 = service("").replace("\"FARGATE\"", "\"EC2\"");

    Finding finding = rule.evaluate(subject(ec2, td("512"))).getFirst();

    assertEquals(null, finding.monthlyCostUsd());
    assertTrue(
        finding.message().startsWith("The proxy's 256 CPU units are 50 % of the task's 512."));
    assertTrue(finding.message().contains("It runs on instances"), finding.message());
  }
}
