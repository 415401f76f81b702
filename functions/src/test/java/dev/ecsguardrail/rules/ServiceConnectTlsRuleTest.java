package dev.ecsguardrail.rules;

import static dev.ecsguardrail.rules.RuleTesting.onlyFinding;
import static dev.ecsguardrail.rules.RuleTesting.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceConnectTlsRuleTest {

  private final Rule rule = new ServiceConnectTlsRule();

  private List<Finding> evaluate(String service) {
    return rule.evaluate(subject(service, StubContextSource.of(null)));
  }

  @Test
  void tlsBlock_reportsSc012() {
    onlyFinding(
        evaluate(
            """
            {"serviceName": "catalog-tls", "serviceConnectConfiguration": {"enabled": true,
              "services": [{"portName": "admin"}, {"portName": "http", "tls": {
                "issuerCertificateAuthority": {"awsPcaAuthorityArn": "arn:aws:acm-pca:..."}}}]}}
            """),
        ServiceConnectTlsRule.INFO,
        "serviceConnectConfiguration.services[1].tls",
        "Service Connect TLS is on for port 'http'");
  }

  @Test
  void noTlsBlock_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "catalog", "serviceConnectConfiguration": {"enabled": true,
              "services": [{"portName": "http"}]}}
            """));
  }

  @Test
  void tlsWithServiceConnectDisabled_noFinding() {
    assertEquals(
        List.of(),
        evaluate(
            """
            {"serviceName": "catalog", "serviceConnectConfiguration": {"enabled": false,
              "services": [{"portName": "http", "tls": {"kmsKey": "k"}}]}}
            """));
  }
}
