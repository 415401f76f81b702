package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.StubContextSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy over real sample events: SC002 on prod/payments (3 tasks), and a rejected call. */
class PolicyEngineTest {

  private static final Path EVENTS = Path.of("..", "events");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  private static final Policy ENFORCE_SC002 = Policy.parse("{\"rules\":{\"SC002\":\"enforce\"}}");
  private static final ResourceTags NO_TAGS = new ResourceTags(Map.of(), Map.of());

  private static Evaluation evaluate(String event, String taskDefinition) throws IOException {
    return evaluateJson(Files.readString(EVENTS.resolve(event)), taskDefinition);
  }

  private static Evaluation evaluateJson(String event, String taskDefinition) throws IOException {
    return new ServiceChangeCheck(RuleCatalog.SERVICE_RULES)
        .evaluate(
            EventParser.parse(event.getBytes(StandardCharsets.UTF_8)),
            StubContextSource.of(
                Files.readString(EVENTS.resolve("taskdefs/" + taskDefinition + ".json"))));
  }

  private static Evaluation noAppProtocol() throws IOException {
    return evaluate("create-service-sc-no-app-protocol.json", "payments-tcp");
  }

  private static Verdict only(Decision decision, String ruleId) {
    return decision.verdicts().stream()
        .filter(v -> v.finding().ruleId().equals(ruleId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void enforceRule_onAServiceThatExists_blocksWithThePreviousCount() throws IOException {
    Decision decision =
        new PolicyEngine(ENFORCE_SC002, true).decide(noAppProtocol(), NO_TAGS, TODAY);

    assertEquals(Outcome.ENFORCED, only(decision, "SC002").outcome());
    BlockAction block = decision.blockAction().orElseThrow();
    assertEquals("prod", block.cluster());
    assertEquals("payments", block.service());
    assertEquals("arn:aws:ecs:us-east-1:123456789012:service/prod/payments", block.serviceArn());
    assertEquals(3, block.previousDesiredCount());
    assertEquals(List.of("SC002"), block.ruleIds());
    assertEquals(
        "aws ecs update-service --cluster prod --service payments --desired-count 3",
        block.undo().getFirst());
  }

  @Test
  void enforceRule_withTheStackInReportMode_isReportedSayingWhy() throws IOException {
    Decision decision =
        new PolicyEngine(ENFORCE_SC002, false).decide(noAppProtocol(), NO_TAGS, TODAY);

    assertEquals(Outcome.REPORTED, only(decision, "SC002").outcome());
    assertTrue(only(decision, "SC002").reason().contains("Mode=report"));
    assertTrue(decision.blockAction().isEmpty());
  }

  @Test
  void exemptService_isNeitherAlertedNorBlocked() throws IOException {
    ResourceTags tags = new ResourceTags(Map.of(Exemption.EXEMPT_TAG, "SC002"), Map.of());

    Decision decision = new PolicyEngine(ENFORCE_SC002, true).decide(noAppProtocol(), tags, TODAY);

    assertEquals(Outcome.EXEMPT, only(decision, "SC002").outcome());
    assertEquals("ecs-guardrail:exempt=SC002 on the service", only(decision, "SC002").reason());
    assertTrue(decision.blockAction().isEmpty());
    assertTrue(decision.alerted().isEmpty());
    assertFalse(decision.worthNotifying());
  }

  @Test
  void namespaceExemption_coversNs001Only_andSilencesSaysSo() throws IOException {
    ResourceTags tags = ResourceTags.ofNamespace(Map.of(Exemption.EXEMPT_TAG, "NS001"));
    PolicyEngine engine = new PolicyEngine(Policy.DEFAULTS, false);

    assertTrue(engine.silences("NS001", tags, TODAY));
    assertFalse(engine.silences("SM001", tags, TODAY));
    assertTrue(
        new PolicyEngine(Policy.parse("{\"rules\":{\"SM001\":\"off\"}}"), false)
            .silences("SM001", ResourceTags.UNKNOWN, TODAY));
    assertEquals(
        "ecs-guardrail:exempt=NS001 on the namespace",
        Exemption.fromTags(tags.namespace(), "namespace").orElseThrow().describe());
  }

  @Test
  void clusterExemption_coversItsServices_untilItLapses() throws IOException {
    ResourceTags tags =
        new ResourceTags(
            Map.of(), Map.of(Exemption.EXEMPT_TAG, "all", Exemption.UNTIL_TAG, "2026-11-24"));

    Decision decision =
        new PolicyEngine(Policy.DEFAULTS, false).decide(noAppProtocol(), tags, TODAY);

    assertEquals(Outcome.REPORTED, only(decision, "SC002").outcome());
    assertTrue(
        only(decision, "SC002").reason().contains("lapsed"), only(decision, "SC002")::reason);
  }

  @Test
  void unknownTags_neverExempt_andNeverEnforce() throws IOException {
    Decision decision =
        new PolicyEngine(ENFORCE_SC002, true).decide(noAppProtocol(), ResourceTags.UNKNOWN, TODAY);

    assertEquals(Outcome.REPORTED, only(decision, "SC002").outcome());
    assertTrue(only(decision, "SC002").reason().contains("tags"));
    assertTrue(decision.blockAction().isEmpty());
  }

  @Test
  void rejectedCall_isNeverEnforced() throws IOException {
    Policy enforceAll = Policy.parse("{\"default\":\"enforce\"}");

    Decision decision =
        new PolicyEngine(enforceAll, true)
            .decide(
                evaluate("create-service-codedeploy-rejected.json", "catalog-http"),
                NO_TAGS,
                TODAY);

    assertFalse(decision.verdicts().isEmpty());
    assertTrue(decision.verdicts().stream().allMatch(v -> v.outcome() == Outcome.REJECTED_BY_ECS));
    assertTrue(decision.blockAction().isEmpty());
  }

  @Test
  void guardrailsOwnCall_isNeverEnforced() throws IOException {
    String own =
        Files.readString(EVENTS.resolve("create-service-sc-no-app-protocol.json"))
            .replaceFirst(
                "\"userAgent\": *\"[^\"]*\"",
                "\"userAgent\": \"aws-sdk-java/2.57.8 ecs-guardrail\"");

    Decision decision =
        new PolicyEngine(ENFORCE_SC002, true)
            .decide(evaluateJson(own, "payments-tcp"), NO_TAGS, TODAY);

    assertEquals(Outcome.REPORTED, only(decision, "SC002").outcome());
    assertTrue(only(decision, "SC002").reason().contains("ecs-guardrail itself"));
    assertNull(decision.block());
  }

  @Test
  void ruleOff_isLoggedNotAlerted() throws IOException {
    Decision decision =
        new PolicyEngine(Policy.parse("{\"rules\":{\"SC002\":\"off\"}}"), false)
            .decide(noAppProtocol(), NO_TAGS, TODAY);

    assertEquals(Outcome.OFF, only(decision, "SC002").outcome());
    assertFalse(decision.alerted().stream().anyMatch(v -> v.finding().ruleId().equals("SC002")));
  }

  @Test
  void failedBlock_turnsEnforcedIntoReportedWithTheReason() throws IOException {
    Decision decision =
        new PolicyEngine(ENFORCE_SC002, true)
            .decide(noAppProtocol(), NO_TAGS, TODAY)
            .blockFailed("AccessDeniedException (HTTP 400)");

    assertEquals(Outcome.REPORTED, only(decision, "SC002").outcome());
    assertTrue(decision.actionResult().contains("AccessDeniedException"));
  }
}
