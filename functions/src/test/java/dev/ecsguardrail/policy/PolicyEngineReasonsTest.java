package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.ServiceConnectConfig;
import dev.ecsguardrail.rules.AppProtocolMissingRule;
import dev.ecsguardrail.rules.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reason a verdict gives, where an enforce finding is only reported. */
class PolicyEngineReasonsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  private static final Policy ENFORCE_SC002 = Policy.parse("{\"rules\":{\"SC002\":\"enforce\"}}");
  private static final Finding SC002 =
      AppProtocolMissingRule.INFO.finding("prod/payments", "portMappings[0]", "no appProtocol");

  private static ServiceConfig service(String serviceArn) {
    return new ServiceConfig(
        "payments",
        "prod",
        "payments-tcp:1",
        3,
        "FARGATE",
        "ECS",
        null,
        ServiceConnectConfig.OFF,
        0,
        serviceArn,
        null,
        java.util.List.of());
  }

  private static Evaluation evaluation(ServiceConfig result) {
    ServiceChange change =
        new ServiceChange(
            "evt-1",
            Instant.parse("2026-11-25T10:00:00Z"),
            "123456789012",
            "us-east-1",
            "CreateService",
            new Caller("arn:aws:sts::123456789012:assumed-role/ci/x", "Terraform"),
            service(null),
            result,
            null,
            null,
            EnumSet.allOf(ServiceAspect.class));
    return new Evaluation("evt-1", "service-change", true, null, List.of(SC002), change);
  }

  private static Verdict onlyVerdict(Decision decision) {
    assertEquals(1, decision.verdicts().size(), decision::toString);
    return decision.verdicts().getFirst();
  }

  @Test
  void enforce_withoutAServiceArnInTheEvent_isReportedSayingSo() {
    Decision decision =
        new PolicyEngine(ENFORCE_SC002, true)
            .decide(evaluation(service(null)), new ResourceTags(Map.of(), Map.of()), TODAY);

    Verdict verdict = onlyVerdict(decision);
    assertEquals(Outcome.REPORTED, verdict.outcome());
    assertEquals("not enforced: the event does not show a service that exists", verdict.reason());
    assertTrue(decision.blockAction().isEmpty());
  }

  @Test
  void twoExemptionsThatCannotBeUsed_areBothNamed() {
    ResourceTags tags =
        new ResourceTags(
            Map.of(Exemption.EXEMPT_TAG, "SC002", Exemption.UNTIL_TAG, "soon"),
            Map.of(Exemption.EXEMPT_TAG, "all", Exemption.UNTIL_TAG, "2026-11-24"));

    Verdict verdict =
        onlyVerdict(
            new PolicyEngine(Policy.DEFAULTS, false)
                .decide(
                    evaluation(service("arn:aws:ecs:us-east-1:123456789012:service/prod/payments")),
                    tags,
                    TODAY));

    assertEquals(Outcome.REPORTED, verdict.outcome());
    assertEquals(
        "policy: report; ecs-guardrail:exempt-until=\"soon\" on the service is not a date"
            + " (YYYY-MM-DD): exemption ignored; ecs-guardrail:exempt=all on the cluster until"
            + " 2026-11-24 lapsed",
        verdict.reason());
  }
}
