package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguardrail.model.Replacement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceConnectReplacementRuleTest {

  private final Rule rule = new ServiceConnectReplacementRule();

  private static final String WITH_SERVICE_CONNECT =
      """
      {"serviceName": "orders", "cluster": "prod",
       "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "http"}]}}
      """;

  private static ServiceSubject replaced(String service, Replacement replacement) {
    ServiceSubject plain = subject(service, StubContextSource.of(null));
    return new ServiceSubject(
        plain.config(), plain.region(), StubContextSource.of(null), "Orders", replacement);
  }

  @Test
  void cloudFormationUpdateOfACreateOnlyProperty_isHigh_namingIt() {
    Finding finding =
        onlyFinding(
            rule.evaluate(
                replaced(
                    WITH_SERVICE_CONNECT,
                    new Replacement(
                        Replacement.CLOUDFORMATION, "stack update", List.of("ServiceName")))),
            ServiceConnectReplacementRule.INFO,
            "ServiceName",
            "(forced by ServiceName), which CloudFormation refuses");
    assertEquals(Severity.HIGH, finding.severity());
  }

  @Test
  void terraformReplacement_isMedium_withItsActions() {
    List<Finding> findings =
        rule.evaluate(
            replaced(
                WITH_SERVICE_CONNECT,
                new Replacement(Replacement.TERRAFORM, "create, delete", List.of())));

    assertEquals(1, findings.size());
    Finding finding = findings.getFirst();
    assertEquals("SC015", finding.ruleId());
    assertEquals(Severity.MEDIUM, finding.severity());
    assertEquals(
        "The plan replaces this Service Connect service (create, delete): its discovery name has no"
            + " endpoints between the delete and the create.",
        finding.message());
  }

  @Test
  void noReplacement_orNoServiceConnect_noFinding() {
    assertEquals(List.of(), rule.evaluate(replaced(WITH_SERVICE_CONNECT, null)));
    assertEquals(
        List.of(),
        rule.evaluate(
            replaced(
                "{\"serviceName\": \"orders\"}",
                new Replacement(Replacement.TERRAFORM, "delete, create", List.of("name")))));
  }
}
