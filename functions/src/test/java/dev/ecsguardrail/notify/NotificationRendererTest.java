package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.ServiceChangeCheck;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.StubContextSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationRendererTest {

  private static final Path EVENTS = Path.of("..", "events");

  /** The gRPC sample (Terraform, staging/orders) with its task definition, cluster not enhanced. */
  private static Evaluation grpcNoHeadroom() throws IOException {
    var context =
        StubContextSource.of(Files.readString(EVENTS.resolve("taskdefs/orders-grpc.json")))
            .withCluster(
                new ClusterView(
                    "arn:aws:ecs:us-east-1:123456789012:cluster/staging", "staging", null));
    return new ServiceChangeCheck(RuleCatalog.SERVICE_RULES)
        .evaluate(
            EventParser.parse(
                Files.readAllBytes(EVENTS.resolve("create-service-sc-grpc-no-headroom.json"))),
            context);
  }

  /** One finding per rule id on {@code resource}. */
  private static Evaluation everyRuleOn(String resource) {
    return on(resource, RuleCatalog.ALL);
  }

  private static Evaluation on(String resource, List<RuleInfo> rules) {
    List<Finding> findings =
        rules.stream().map(info -> info.finding(resource, "$", "message")).toList();
    return new Evaluation("evt-1", ServiceChangeCheck.KIND, true, null, findings, null);
  }

  private static void assertSubjectIsSnsSafe(String subject) {
    assertTrue(subject.length() <= 99, () -> subject.length() + " chars: " + subject);
    assertTrue(
        subject.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'),
        () -> "control character in: " + subject);
  }

  @Test
  void subject_namesSeverityRulesAndService() throws IOException {
    assertEquals(
        "[MEDIUM] ecs-guardrail SC004,SC005,SC011 on staging/orders",
        NotificationRenderer.render(grpcNoHeadroom()).subject());
  }

  @Test
  void manyFindingsAndLongResource_subjectStaysUnder100Chars() {
    String subject =
        NotificationRenderer.subject(everyRuleOn("prod/" + "very-long-service-name-".repeat(10)));

    assertSubjectIsSnsSafe(subject);
    assertTrue(subject.startsWith("[HIGH] ecs-guardrail EV001,SC001,SC002"), subject);
  }

  @Test
  void asciiControlCharactersInResource_areRemovedFromSubject() {
    String subject =
        NotificationRenderer.subject(
            on("prod/a\nb\r\tc\u0000d", List.of(RuleCatalog.ALL.getFirst())));

    assertTrue(subject.endsWith(" on prod/a b  c d"), subject);
    assertSubjectIsSnsSafe(subject);
  }

  @Test
  void unicodeLineBreaksInResource_areRemovedFromSubject() {
    // NEL (a C1 control character) and the Unicode line separators break a subject line too.
    String subject =
        NotificationRenderer.subject(
            on("prod/a\u0085b\u2028c", List.of(RuleCatalog.ALL.getFirst())));

    assertTrue(subject.contains(" on prod/a"), subject);
    assertSubjectIsSnsSafe(subject);
  }

  @Test
  void unevaluable_subjectNamesTheEvent() {
    Evaluation evaluation =
        new Evaluation(
            "evt-9",
            ServiceChangeCheck.KIND,
            false,
            "bad",
            List.of(dev.ecsguardrail.rules.UnevaluableEventRule.finding("evt-9", "bad")),
            null);

    Notification n = NotificationRenderer.render(evaluation);

    assertEquals("[MEDIUM] ecs-guardrail cannot evaluate event evt-9", n.subject());
    assertTrue(n.text().contains("Not evaluated: bad"), n.text());
    assertEquals("EV001", n.attributes().get("ruleIds"));
    assertFalse(n.attributes().containsKey("cluster"));
  }

  @Test
  void attributes_carryKindSeverityRulesClusterService() throws IOException {
    Map<String, String> attributes = NotificationRenderer.render(grpcNoHeadroom()).attributes();

    assertEquals("service-change", attributes.get("kind"));
    assertEquals("MEDIUM", attributes.get("severity"));
    assertEquals("SC004,SC005,SC011", attributes.get("ruleIds"));
    assertEquals("staging", attributes.get("cluster"));
    assertEquals("staging/orders", attributes.get("service"));
    assertEquals("0c9d8e7f-1a2b-4c3d-9e8f-000000000001", attributes.get("eventId"));
    assertTrue(attributes.values().stream().noneMatch(String::isBlank));
  }

  @Test
  void text_saysWhoWithWhatRuleRemediationAndCost() throws IOException {
    String text = NotificationRenderer.render(grpcNoHeadroom()).text();

    assertTrue(text.contains("CreateService of staging/orders in 123456789012 / us-east-1"), text);
    assertTrue(
        text.contains(
            "By arn:aws:sts::123456789012:assumed-role/platform-deployer/ci with Terraform"),
        text);
    assertTrue(text.contains("MEDIUM SC004 "), text);
    assertTrue(
        text.contains(
            "Do: Move the task from 512 CPU / 1024 MiB to the next valid Fargate size,"
                + " 1024 CPU / 2048 MiB"),
        text);
    assertTrue(text.contains("Cost: $108.12 per month"), text);
    assertTrue(
        text.contains(
            "Rule: "
                + RuleCatalog.ALL.stream()
                    .filter(i -> i.id().equals("SC004"))
                    .map(RuleInfo::link)
                    .findFirst()
                    .orElseThrow()),
        text);
  }

  @Test
  void json_isTheEvaluation() throws IOException {
    JsonNode json =
        StrictJson.MAPPER.readTree(NotificationRenderer.render(grpcNoHeadroom()).json());

    assertEquals("0c9d8e7f-1a2b-4c3d-9e8f-000000000001", json.get("eventId").asText());
    assertEquals(3, json.get("findings").size());
    assertEquals(
        "108.12", json.get("findings").get(0).get("monthlyCostUsd").decimalValue().toPlainString());
  }
}
