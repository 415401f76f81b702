package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudMapTaskQuotaRuleTest {

  private final Rule rule = new CloudMapTaskQuotaRule();

  private List<Finding> evaluate(String fields) {
    String service =
        """
        {"serviceName": "ingest", "cluster": "prod", %s}
        """
            .formatted(fields);
    return rule.evaluate(subject(service, StubContextSource.of(null)));
  }

  @Test
  void registriesWith1001Tasks_reportsSc010() {
    onlyFinding(
        evaluate(
            """
            "desiredCount": 1001, "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-ingest"}]
            """),
        CloudMapTaskQuotaRule.INFO,
        "desiredCount",
        "desiredCount 1001 with serviceRegistries: more than 1000 tasks");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          registries, 1000 tasks       | "desiredCount": 1000, "serviceRegistries": [{"registryArn": "r"}]
          no registries, 5000 tasks    | "desiredCount": 5000
          empty registries, 5000 tasks | "desiredCount": 5000, "serviceRegistries": []
          registries, no desiredCount  | "serviceRegistries": [{"registryArn": "r"}]
          """)
  void withinQuotaOrWithoutRegistries_noFinding(String scenario, String fields) {
    assertEquals(List.of(), evaluate(fields));
  }
}
