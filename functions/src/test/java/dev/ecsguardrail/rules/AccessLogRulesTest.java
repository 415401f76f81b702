package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SC013 (access logs need the proxy's log configuration) and SC014 (query strings logged). */
class AccessLogRulesTest {

  private final Rule withoutLogs = new AccessLogWithoutLogConfigurationRule();
  private final Rule queryStrings = new AccessLogQueryParametersRule(PriceTable.bundled());

  private static ServiceSubject service(String serviceConnect) {
    return subject(
        """
        {"serviceName": "orders", "cluster": "prod", "serviceConnectConfiguration": {"enabled": true,
          "services": [{"portName": "http"}], %s}}
        """
            .formatted(serviceConnect),
        StubContextSource.of(null));
  }

  private static final String LOGS =
      "\"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"sc\"}}";

  @Test
  void accessLogsWithoutLogConfiguration_reportsSc013() {
    onlyFinding(
        withoutLogs.evaluate(service("\"accessLogConfiguration\": {\"format\": \"JSON\"}")),
        AccessLogWithoutLogConfigurationRule.INFO,
        "serviceConnectConfiguration.accessLogConfiguration",
        "access logs are configured (JSON)");
  }

  @Test
  void accessLogsWithLogConfiguration_orNoAccessLogs_noSc013() {
    assertEquals(
        List.of(),
        withoutLogs.evaluate(
            service(LOGS + ", \"accessLogConfiguration\": {\"format\": \"TEXT\"}")));
    assertEquals(List.of(), withoutLogs.evaluate(service(LOGS)));
    assertEquals(List.of(), withoutLogs.evaluate(service("\"namespace\": \"prod.local\"")));
  }

  @Test
  void queryParametersEnabled_reportsSc014_withTheIngestionPrice() {
    Finding finding =
        onlyFinding(
            queryStrings.evaluate(
                service(
                    LOGS
                        + ", \"accessLogConfiguration\": {\"format\": \"JSON\","
                        + " \"includeQueryParameters\": \"ENABLED\"}")),
            AccessLogQueryParametersRule.INFO,
            "serviceConnectConfiguration.accessLogConfiguration.includeQueryParameters",
            "record query strings");
    assertTrue(finding.message().contains("$0.50 per GB ingested in us-east-1"), finding.message());
  }

  @Test
  void queryParametersDisabledOrAbsent_noSc014() {
    for (String include : List.of(", \"includeQueryParameters\": \"DISABLED\"", "")) {
      assertEquals(
          List.of(),
          queryStrings.evaluate(
              service(
                  LOGS + ", \"accessLogConfiguration\": {\"format\": \"JSON\"" + include + "}")));
    }
  }

  @Test
  void otherRegion_saysWhoseRatesStandIn() {
    Finding finding =
        queryStrings
            .evaluate(
                subject(
                    """
                    {"serviceName": "orders", "serviceConnectConfiguration": {"enabled": true,
                      "logConfiguration": {"logDriver": "awslogs"},
                      "accessLogConfiguration": {"format": "TEXT", "includeQueryParameters": "ENABLED"}}}
                    """,
                    StubContextSource.of(null),
                    "sa-east-1"))
            .getFirst();
    assertTrue(finding.message().contains("no price data for sa-east-1"), finding.message());
  }
}
