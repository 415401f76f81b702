package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.Severity;
import dev.ecsguardrail.rules.StubContextSource;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NotificationRendererTest {

  private static final Path EVENTS = Path.of("..", "events");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  private static final String GRPC_EVENT_ID = "0c9d8e7f-1a2b-4c3d-9e8f-000000000001";

  /** The gRPC sample (Terraform, staging/orders) with its task definition, cluster not enhanced. */
  private static Decision grpcNoHeadroom(Map<String, String> clusterTags) throws IOException {
    return decide(evaluate("create-service-sc-grpc-no-headroom.json", "orders-grpc"), clusterTags);
  }

  private static Evaluation evaluate(String event, String taskDefinition) throws IOException {
    var context =
        StubContextSource.of(
                Files.readString(EVENTS.resolve("taskdefs/" + taskDefinition + ".json")))
            .withCluster(
                new ClusterView(
                    "arn:aws:ecs:us-east-1:123456789012:cluster/staging",
                    "staging",
                    null,
                    Map.of()));
    return new ServiceChangeCheck(RuleCatalog.SERVICE_RULES)
        .evaluate(EventParser.parse(Files.readAllBytes(EVENTS.resolve(event))), context);
  }

  private static Decision decide(Evaluation evaluation, Map<String, String> clusterTags) {
    return new PolicyEngine(Policy.DEFAULTS, false)
        .decide(evaluation, new ResourceTags(Map.of(), clusterTags), TODAY);
  }

  private static Decision decide(Evaluation evaluation) {
    return decide(evaluation, Map.of());
  }

  /** One finding per rule id on {@code resource}. */
  private static Decision everyRuleOn(String resource) {
    return on(resource, RuleCatalog.ALL);
  }

  private static Decision on(String resource, List<RuleInfo> rules) {
    List<Finding> findings =
        rules.stream().map(info -> info.finding(resource, "$", "message")).toList();
    return decide(new Evaluation("evt-1", ServiceChangeCheck.KIND, true, null, findings, null));
  }

  private static void assertSubjectIsSnsSafe(String subject) {
    assertTrue(subject.length() <= 99, () -> subject.length() + " chars: " + subject);
    assertTrue(
        subject.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'),
        () -> "control character in: " + subject);
  }

  @Test
  void everyCheckFormat_rendersTheSameDecision_emailAndChatAsTheyAreSent() throws IOException {
    Decision decision = grpcNoHeadroom(Map.of());
    Notification sent = NotificationRenderer.render(decision);

    assertEquals(
        List.of("json", "text", "email", "chat", "sarif", "junit", "hook", "asff"),
        DecisionRenderer.ALL.stream().map(DecisionRenderer::name).toList());
    for (DecisionRenderer format : DecisionRenderer.ALL) {
      String out = format.render(decision, () -> sent, new FailOn(Severity.LOW, false));
      assertTrue(out.contains("SC004"), format.name() + ": " + out);
    }
    assertEquals(
        sent.email(),
        DecisionRenderer.named("email")
            .render(decision, () -> sent, new FailOn(Severity.LOW, false)));
  }

  @Test
  void subject_namesSeverityRulesAndService() throws IOException {
    assertEquals(
        "[MEDIUM] ecs-guardrail SC004,SC005,SC011 on staging/orders",
        NotificationRenderer.render(grpcNoHeadroom(Map.of())).subject());
  }

  @Test
  void manyFindingsAndLongResource_subjectStaysUnder100Chars() {
    String subject =
        NotificationRenderer.render(everyRuleOn("prod/" + "very-long-service-name-".repeat(10)))
            .subject();

    assertSubjectIsSnsSafe(subject);
    assertTrue(subject.startsWith("[HIGH] ecs-guardrail EV001,EV002,NS001,SC001"), subject);
  }

  @Test
  void controlCharactersInResource_areRemovedFromSubject() {
    String subject =
        NotificationRenderer.render(
                on("prod/a\nb\r\tc\u0000d\u0085e\u2028f", List.of(RuleCatalog.ALL.getFirst())))
            .subject();

    assertTrue(subject.contains(" on prod/a"), subject);
    assertSubjectIsSnsSafe(subject);
  }

  @Test
  void unevaluable_namesTheEventAndSaysUnknownForWhatItCannotKnow() {
    Decision decision =
        decide(
            new Evaluation(
                "evt-9",
                ServiceChangeCheck.KIND,
                false,
                "bad",
                List.of(UnevaluableEventRule.finding("evt-9", "bad")),
                null));

    Notification n = NotificationRenderer.render(decision);

    assertEquals("[MEDIUM] ecs-guardrail cannot evaluate event evt-9", n.subject());
    assertTrue(n.email().contains("Not checked: bad"), n.email());
    assertEquals(List.of("EV001"), n.ruleIds());
    assertEquals("unknown", n.attributes().get("cluster"));
    assertEquals("ecs-guardrail/event/evt-9", chat(n).at("/metadata/threadId").asText());
  }

  @Test
  void attributes_carryKindSeverityClusterServiceAccountRegion() throws IOException {
    Notification n = NotificationRenderer.render(grpcNoHeadroom(Map.of()));

    assertEquals(
        Map.of(
            "kind", "service-change",
            "severity", "MEDIUM",
            "account", "123456789012",
            "region", "us-east-1",
            "cluster", "staging",
            "service", "orders",
            "eventId", GRPC_EVENT_ID),
        n.attributes());
    assertEquals(List.of("SC004", "SC005", "SC011"), n.ruleIds());
  }

  @Test
  void email_saysWhatWhereWhoWhyWhatToDoRuleAndLink() throws IOException {
    String email = NotificationRenderer.render(grpcNoHeadroom(Map.of())).email();

    assertTrue(email.contains("What:  CreateService of staging/orders"), email);
    assertTrue(email.contains("Where: account 123456789012, us-east-1"), email);
    assertTrue(
        email.contains(
            "Who:   arn:aws:sts::123456789012:assumed-role/platform-deployer/ci with Terraform"),
        email);
    assertTrue(email.contains("MEDIUM SC004: "), email);
    RuleInfo sc004 = RuleCatalog.info("SC004").orElseThrow();
    assertTrue(email.contains("Why it matters:  " + sc004.rationale()), email);
    assertTrue(
        email.contains(
            "What to do:      Move the task from 512 CPU / 1024 MiB to the next valid Fargate"
                + " size, 1024 CPU / 2048 MiB"),
        email);
    assertTrue(email.contains("Cost:            $108.12 per month"), email);
    assertTrue(email.contains("Rule:            SC004, " + sc004.link()), email);
    assertTrue(email.contains("Verdict:         reported (policy: report)"), email);
  }

  @Test
  void chat_hasTheCustomNotificationShape() throws IOException {
    JsonNode chat = chat(NotificationRenderer.render(grpcNoHeadroom(Map.of())));

    assertEquals("1.0", chat.get("version").asText());
    assertEquals("custom", chat.get("source").asText());
    JsonNode content = chat.get("content");
    assertEquals("client-markdown", content.get("textType").asText());
    assertTrue(content.get("title").asText().contains("MEDIUM · 3 findings on staging/orders"));
    assertTrue(content.get("title").asText().length() <= ChatMessage.MAX_TITLE);
    String description = content.get("description").asText();
    assertTrue(description.length() <= ChatMessage.MAX_DESCRIPTION);
    assertTrue(description.contains("*SC004* MEDIUM"), description);
    assertTrue(description.contains("(Terraform)"), description);
    assertTrue(content.get("nextSteps").isArray());
    assertTrue(content.get("nextSteps").get(0).asText().startsWith("SC004: Move the task"));
    JsonNode metadata = chat.get("metadata");
    assertEquals(
        "ecs-guardrail/service/123456789012/us-east-1/staging/orders",
        metadata.get("threadId").asText());
    assertEquals("ecs-guardrail.service-change", metadata.get("eventType").asText());
    assertEquals(
        "[MEDIUM] ecs-guardrail SC004,SC005,SC011 on staging/orders",
        metadata.get("summary").asText());
    assertTrue(metadata.get("relatedResources").isArray());
  }

  @Test
  void chat_neutralisesSlackControlSequencesInUserValues() {
    Decision decision = on("prod/<!channel>", List.of(RuleCatalog.info("SC002").orElseThrow()));

    String description =
        chat(NotificationRenderer.render(decision)).at("/content/title").asText()
            + chat(NotificationRenderer.render(decision)).at("/content/description").asText();

    assertFalse(description.contains("<!channel>"), description);
    assertTrue(description.contains("&lt;!channel&gt;"), description);
  }

  @Test
  void threadId_isTheSameForTheSameServiceAndDiffersForAnother() throws IOException {
    String create = threadOf(evaluate("create-service-sc-grpc-no-headroom.json", "orders-grpc"));
    String other = threadOf(evaluate("create-service-sc-no-app-protocol.json", "payments-tcp"));

    assertEquals(
        create, threadOf(evaluate("create-service-sc-grpc-no-headroom.json", "orders-grpc")));
    assertNotEquals(create, other);
  }

  private static String threadOf(Evaluation evaluation) {
    return chat(NotificationRenderer.render(decide(evaluation))).at("/metadata/threadId").asText();
  }

  @Test
  void exemptFindings_areNotAlertedButListed() throws IOException {
    Decision decision = grpcNoHeadroom(Map.of("ecs-guardrail:exempt", "SC011"));

    Notification n = NotificationRenderer.render(decision);

    assertEquals(List.of("SC004", "SC005"), n.ruleIds());
    assertTrue(
        n.email().contains("SC011 exempt: ecs-guardrail:exempt=SC011 on the cluster"), n.email());
    assertFalse(chat(n).at("/content/description").asText().contains("SC011"));
  }

  @Test
  void tooManyFindingsForSns_areTrimmedWithAndNMore() {
    String longMessage = "x".repeat(2_000);
    List<Finding> findings =
        IntStream.range(0, 400)
            .mapToObj(
                i -> RuleCatalog.ALL.get(1).finding("prod/orders", "$[" + i + "]", longMessage))
            .toList();
    Decision decision =
        decide(new Evaluation("evt-big", ServiceChangeCheck.KIND, true, null, findings, null));

    Notification n = NotificationRenderer.render(decision);

    assertTrue(n.snsSize() <= NotificationRenderer.MAX_SNS_BYTES, () -> "size " + n.snsSize());
    assertTrue(n.snsMessage().getBytes(StandardCharsets.UTF_8).length < 256 * 1024);
    assertTrue(n.email().matches("(?s).*\\.\\.\\.and \\d+ more findings.*"), "no 'and N more'");
    String description = chat(n).at("/content/description").asText();
    assertTrue(description.length() <= ChatMessage.MAX_DESCRIPTION);
    assertTrue(description.contains("more"), description);
  }

  @Test
  void snsMessage_hasADefaultChatBodyEmailTextAndSqsJson() throws IOException {
    Notification n = NotificationRenderer.render(grpcNoHeadroom(Map.of()));
    JsonNode message = StrictJson.MAPPER.readTree(n.snsMessage());

    assertEquals(n.chat(), message.get("default").asText());
    assertEquals(n.email(), message.get("email").asText());
    JsonNode json = StrictJson.MAPPER.readTree(message.get("sqs").asText());
    assertEquals(GRPC_EVENT_ID, json.get("eventId").asText());
    assertEquals("reported", json.at("/findings/0/verdict").asText());
    assertEquals("108.12", json.at("/findings/0/monthlyCostUsd").decimalValue().toPlainString());
  }

  @Test
  void operational_isItsOwnKindAndThread() throws IOException {
    Notification n =
        NotificationRenderer.operational("Policy ignored", "bad JSON", "fix it", "t-1");

    assertEquals("operational", n.attributes().get("kind"));
    assertEquals("[MEDIUM] ecs-guardrail Policy ignored", n.subject());
    assertEquals("t-1", chat(n).at("/metadata/threadId").asText());
    assertTrue(n.email().contains("bad JSON"));
  }

  private static JsonNode chat(Notification n) {
    try {
      return StrictJson.MAPPER.readTree(n.chat());
    } catch (IOException e) {
      throw new AssertionError("chat body is not JSON", e);
    }
  }
}
