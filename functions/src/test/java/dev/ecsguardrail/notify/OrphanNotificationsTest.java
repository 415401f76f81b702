package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.DigestTotals;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.RuleCatalog;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrphanNotificationsTest {

  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final LocalDate TODAY = LocalDate.parse("2026-11-30");
  private static final String PRINCIPAL =
      "arn:aws:sts::123456789012:assumed-role/platform-admin/jane";

  // ---- fixtures -------------------------------------------------------------------------------

  private static String nsArn(String id) {
    return "arn:aws:servicediscovery:" + REGION + ":" + ACCOUNT + ":namespace/" + id;
  }

  private static List<String> cleanup(String nsId) {
    return List.of(
        "aws servicediscovery deregister-instance --service-id srv-1 --instance-id i-1",
        "aws servicediscovery delete-service --id srv-1",
        "aws servicediscovery delete-namespace --id " + nsId);
  }

  private static Orphan orphan(String id, String name, String costUsd) {
    return new Orphan(
        Orphan.NAMESPACE,
        nsArn(id),
        name,
        "HTTP",
        1,
        1,
        new BigDecimal(costUsd),
        "no ACTIVE cluster has it as its Service Connect default and no ECS service uses it",
        cleanup(id));
  }

  private static final Orphan LEGACY = orphan("ns-legacy", "legacy", "0.10");

  private static ClusterDeletion deletion() {
    return new ClusterDeletion(
        "0c9d8e7f-1a2b-4c3d-9e8f-000000000101",
        Instant.parse("2026-11-30T09:15:02Z"),
        ACCOUNT,
        REGION,
        "arn:aws:ecs:us-east-1:123456789012:cluster/legacy",
        "legacy",
        nsArn("ns-legacy"),
        new Caller(PRINCIPAL, "Terraform"),
        null);
  }

  private static List<Orphan> orphans(int n, String costUsd) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> orphan("ns-" + i, "team-" + i, costUsd))
        .toList();
  }

  private static SweepResult sweep(boolean complete, List<String> skipped, List<Orphan> orphans) {
    return new SweepResult(ACCOUNT, REGION, complete, skipped, orphans);
  }

  private static JsonNode chat(Notification n) {
    return StrictJson.parse(n.chat().getBytes(java.nio.charset.StandardCharsets.UTF_8), "chat");
  }

  /** The alert under the default policy, as the cluster-deletion function sends it. */
  private static Notification leftBehind(ClusterDeletion deletion, Orphan orphan) {
    ClusterDeletionCheck.Outcome outcome =
        new ClusterDeletionCheck.Outcome(
            ClusterDeletionCheck.Status.ORPHAN, orphan.reason(), orphan.arn(), orphan, null, null);
    return OrphanNotifications.leftBehind(
        deletion,
        orphan,
        new PolicyEngine(Policy.DEFAULTS, false)
            .decide(outcome.evaluation(deletion), outcome.tags(), LocalDate.of(2026, 12, 3)));
  }

  private static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), () -> "no '" + needle + "' in:\n" + haystack);
  }

  // ---- leftBehind -----------------------------------------------------------------------------

  @Test
  void leftBehind_attributesAndRuleIds() {
    Notification n = leftBehind(deletion(), LEGACY);

    assertEquals("orphan", n.attributes().get("kind"));
    assertEquals("MEDIUM", n.attributes().get("severity"));
    assertEquals("legacy", n.attributes().get("cluster"));
    assertEquals(ACCOUNT, n.attributes().get("account"));
    assertEquals(REGION, n.attributes().get("region"));
    assertEquals(List.of("NS001"), n.ruleIds());
  }

  @Test
  void leftBehind_longNameWithLineBreaks_keepsTheSubjectOneShortLine() {
    String name = "a\r\nb\t" + "n".repeat(196);
    Notification n = leftBehind(deletion(), orphan("ns-x", name, "0.10"));

    assertTrue(n.subject().length() <= 99, n.subject());
    assertTrue(n.subject().chars().noneMatch(Character::isISOControl), n.subject());
    assertTrue(n.subject().startsWith("[MEDIUM] ecs-guardrail NS001"), n.subject());
  }

  @Test
  void leftBehind_chatIsACustomNotification() {
    JsonNode chat = chat(leftBehind(deletion(), LEGACY));
    JsonNode content = chat.get("content");

    assertEquals("1.0", chat.get("version").asText());
    assertEquals("custom", chat.get("source").asText());
    assertEquals("client-markdown", content.get("textType").asText());
    String title = content.get("title").asText();
    assertFalse(title.isBlank());
    assertTrue(title.length() <= 250, title);
    assertTrue(content.get("description").asText().length() <= 8000);
    assertFalse(content.get("nextSteps").isEmpty());
    assertEquals(
        "ecs-guardrail/namespace/" + nsArn("ns-legacy"), chat.at("/metadata/threadId").asText());
    assertEquals("ecs-guardrail.orphan", chat.at("/metadata/eventType").asText());
    List<String> related = new java.util.ArrayList<>();
    chat.at("/metadata/relatedResources").forEach(r -> related.add(r.asText()));
    assertTrue(related.contains(nsArn("ns-legacy")), related::toString);
  }

  @Test
  void leftBehind_longName_staysWithinTheChatLimits() {
    JsonNode content =
        chat(leftBehind(deletion(), orphan("ns-x", "n".repeat(300), "0.10"))).get("content");

    assertTrue(content.get("title").asText().length() <= 250);
    assertTrue(content.get("description").asText().length() <= 8000);
  }

  @Test
  void leftBehind_mentionsInTheName_areEscapedInChat() {
    Notification n = leftBehind(deletion(), orphan("ns-x", "ops <!channel> @here", "0.10"));
    JsonNode content = chat(n).get("content");

    assertFalse(n.chat().contains("<!channel>"), n.chat());
    assertContains(content.get("title").asText(), "&lt;!channel&gt;");
    assertContains(content.get("description").asText(), "&lt;!channel&gt; @here");
  }

  @Test
  void leftBehind_emailSaysWhoWithWhatWhichAndHowToCleanUp() {
    String email = leftBehind(deletion(), LEGACY).email();

    assertContains(email, PRINCIPAL);
    assertContains(email, "Terraform");
    assertContains(email, nsArn("ns-legacy"));
    assertContains(email, "$0.10 per month");
    assertContains(email, "bin/ecs-guardrail cleanup --namespace " + nsArn("ns-legacy") + " --yes");
    cleanup("ns-legacy").forEach(c -> assertContains(email, c));
  }

  // ---- digest ---------------------------------------------------------------------------------

  @Test
  void digest_showsTotalsFirst() {
    Notification n =
        OrphanNotifications.digest(
            sweep(true, List.of(), orphans(2, "0.50")), Optional.empty(), TODAY);

    int totals = n.email().indexOf("Left behind:  2");
    assertTrue(totals >= 0, n.email());
    assertTrue(totals < n.email().indexOf("team-1"), n.email());
    assertContains(n.email(), "Cost:         $1.00 per month");
    assertTrue(chat(n).at("/content/description").asText().startsWith("*2* left behind"));
    assertEquals("LOW", n.attributes().get("severity"));
    assertEquals(List.of("NS001"), n.ruleIds());
  }

  @Test
  void digest_withLastWeek_showsTheChange() {
    Notification n =
        OrphanNotifications.digest(
            sweep(true, List.of(), orphans(2, "0.50")),
            Optional.of(new DigestTotals(1, new BigDecimal("0.50"))),
            TODAY);

    assertContains(n.email(), "Left behind:  2 (+1 since last week)");
    assertContains(n.email(), "$1.00 per month (+$0.50)");
    assertContains(chat(n).at("/content/description").asText(), "*2* left behind (+1)");
  }

  @Test
  void digest_withFewerThanLastWeek_showsADrop() {
    Notification n =
        OrphanNotifications.digest(
            sweep(true, List.of(), orphans(1, "0.50")),
            Optional.of(new DigestTotals(3, new BigDecimal("1.50"))),
            TODAY);

    assertContains(n.email(), "Left behind:  1 (-2 since last week)");
    assertContains(n.email(), "(-$1.00)");
  }

  @Test
  void digest_nothingLeftAndComplete_isAllClear() {
    Notification n =
        OrphanNotifications.digest(sweep(true, List.of(), List.of()), Optional.empty(), TODAY);

    assertContains(n.email(), "All clear");
    assertEquals("NONE", n.attributes().get("severity"));
    assertEquals(List.of(), n.ruleIds());
  }

  @Test
  void digest_nothingFoundButIncomplete_isNotAnAllClear() {
    List<String> skipped = List.of("ListServices ns-1: AccessDenied", "ListClusters: Throttling");
    Notification n =
        OrphanNotifications.digest(sweep(false, skipped, List.of()), Optional.empty(), TODAY);

    assertFalse(n.email().contains("All clear"), n.email());
    assertContains(n.email(), "not an all clear");
    skipped.forEach(s -> assertContains(n.email(), s));
    assertEquals("UNKNOWN", n.attributes().get("severity"));
    assertContains(n.subject(), "incomplete");
  }

  @Test
  void digest_manyOrphans_lists50AndCountsTheRest() {
    String email =
        OrphanNotifications.digest(
                sweep(true, List.of(), orphans(60, "0.10")), Optional.empty(), TODAY)
            .email();

    assertContains(email, "\n50. Namespace team-50 ");
    assertFalse(email.contains("team-51 "), email);
    assertContains(email, "...and 10 more");
  }

  @Test
  void digest_5000Orphans_fitsInOneSnsMessage() {
    Notification n =
        OrphanNotifications.digest(
            sweep(true, List.of(), orphans(5000, "0.10")), Optional.empty(), TODAY);

    assertTrue(n.snsSize() < 256 * 1024, () -> "SNS size " + n.snsSize());
    assertTrue(n.chat().length() < 256 * 1024);
  }

  private static Verdict standing(String ruleId, String resource) {
    return new Verdict(
        RuleCatalog.info(ruleId).orElseThrow().finding(resource, "$", ruleId + " on " + resource),
        Outcome.REPORTED,
        "policy: report");
  }

  private static SweepResult withFindings(List<Orphan> orphans, Verdict... findings) {
    return sweep(true, List.of(), orphans).withFindings(List.of(findings), 12, List.of());
  }

  @Test
  void digest_standingFindings_byRule_mostSevereFirst_afterTheTotals() {
    Notification n =
        OrphanNotifications.digest(
            withFindings(
                List.of(),
                standing("SC010", "prod/ingest"),
                standing("SC002", "prod/payments"),
                standing("SC002", "prod/orders")),
            Optional.empty(),
            TODAY);

    String email = n.email();
    assertContains(email, "\nFindings:     3 on 12 services checked (HIGH 2, MEDIUM 1)\n");
    assertFalse(email.contains("All clear"), email);
    int sc002 = email.indexOf("\nHIGH SC002: Service Connect port without appProtocol");
    int sc010 = email.indexOf("\nMEDIUM SC010: ");
    assertTrue(email.indexOf("Findings:") < sc002 && sc002 < sc010, email);
    assertContains(email, "(2 services)\n  - prod/orders\n  - prod/payments\n  What to do: ");
    assertContains(email, "(1 service)\n  - prod/ingest\n");
    assertEquals("HIGH", n.attributes().get("severity"));
    assertEquals(List.of("SC002", "SC010"), n.ruleIds());
    assertTrue(n.subject().endsWith(": 3 standing findings"), n.subject());
    String chat = chat(n).at("/content/description").asText();
    assertContains(chat, "*Standing findings* (3 on 12 services)");
    assertContains(chat, "• *SC002* HIGH ×2: `prod/orders`, `prod/payments`");
    JsonNode json = ScanJson.toJson(withFindings(List.of(), standing("SC002", "prod/payments")));
    assertEquals("SC002", json.at("/findings/0/ruleId").asText());
    assertEquals("HIGH", json.at("/findings/0/severity").asText());
    assertEquals("prod/payments", json.at("/findings/0/resource").asText());
    assertEquals("reported", json.at("/findings/0/verdict").asText());
    assertEquals(12, json.get("checkedServices").asInt());
  }

  @Test
  void digest_orphansAndFindings_bothInTheSubject_andNs001First() {
    Notification n =
        OrphanNotifications.digest(
            withFindings(List.of(LEGACY), standing("SC010", "prod/ingest")),
            Optional.empty(),
            TODAY);

    assertTrue(
        n.subject().endsWith(": 1 left behind, $0.10/month, 1 standing finding"), n.subject());
    assertEquals(List.of("NS001", "SC010"), n.ruleIds());
    assertEquals("MEDIUM", n.attributes().get("severity"));
  }

  @Test
  void digest_manyServicesUnderOneRule_namesTenAndCountsTheRest() {
    Verdict[] findings =
        IntStream.rangeClosed(10, 21)
            .mapToObj(i -> standing("SC002", "prod/svc-" + i))
            .toArray(Verdict[]::new);

    String email =
        OrphanNotifications.digest(withFindings(List.of(), findings), Optional.empty(), TODAY)
            .email();

    assertContains(email, "(12 services)\n");
    assertContains(email, "  - prod/svc-19\n  ...and 2 more\n");
    assertFalse(email.contains("prod/svc-20"), email);
  }

  /** The JSON's findings are NS001 on what was left behind and the standing ones, all of them. */
  @Test
  void digest_json_listsEveryFindingThatFits_leftBehindAndStanding() {
    Notification n =
        OrphanNotifications.digest(
            withFindings(
                List.of(LEGACY), standing("NS001", LEGACY.arn()), standing("SC008", "prod/mesh")),
            Optional.empty(),
            TODAY);

    JsonNode json =
        StrictJson.parse(n.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), "json");
    assertEquals(2, json.get("findings").size(), json.toString());
    assertFalse(json.has("omittedFindings"), json.toString());
  }

  @Test
  void digest_5000StandingFindings_fitsInOneSnsMessage_andSaysWhatItLeftOut() {
    Verdict[] findings =
        IntStream.range(0, 5000)
            .mapToObj(i -> standing("SC002", "prod/service-with-a-long-name-" + i))
            .toArray(Verdict[]::new);

    Notification n =
        OrphanNotifications.digest(withFindings(List.of(), findings), Optional.empty(), TODAY);

    assertTrue(n.snsSize() <= NotificationRenderer.MAX_SNS_BYTES, () -> "SNS size " + n.snsSize());
    JsonNode json =
        StrictJson.parse(n.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), "json");
    assertEquals(5000, json.get("findings").size() + json.get("omittedFindings").asInt());
  }

  @Test
  void digest_countsAndPricesTheAlarms_andListsOneWhoseServiceIsGone() {
    Orphan alarm =
        new Orphan(
            Orphan.ALARM,
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-guardrail-sidecar-memory-prod-x",
            "ecs-guardrail-sidecar-memory-prod-x",
            "CloudWatch alarm",
            0,
            0,
            new BigDecimal("0.10"),
            "no ACTIVE service prod/x is left for it to watch",
            List.of(
                "aws cloudwatch delete-alarms --alarm-names ecs-guardrail-sidecar-memory-prod-x"));
    SweepResult sweep =
        sweep(true, List.of(), List.of()).withAlarms(12, new BigDecimal("1.20"), List.of(alarm));

    Notification n = OrphanNotifications.digest(sweep, Optional.empty(), TODAY);

    assertContains(n.email(), "\nAlarms:       12 proxy-memory alarms, $1.20 per month\n");
    assertContains(
        n.email(),
        "1. CloudWatch alarm ecs-guardrail-sidecar-memory-prod-x\n   Cost:     $0.10 per month\n");
    assertContains(
        n.email(),
        "   Clean up: aws cloudwatch delete-alarms --alarm-names ecs-guardrail-sidecar-memory-prod-x\n");
    assertFalse(n.email().contains("cleanup --namespace arn:aws:cloudwatch"), n.email());
    assertContains(n.email(), "$0.10 per alarm, per month (us-east-1 rates;");
    JsonNode json = ScanJson.toJson(sweep);
    assertEquals(12, json.at("/alarms/count").asInt());
    assertEquals("alarm", json.at("/orphans/0/kind").asText());
  }

  // ---- ScanJson -------------------------------------------------------------------------------

  @Test
  void scanJson_hasTheDocumentedFields() {
    JsonNode json =
        ScanJson.toJson(sweep(false, List.of("ListServices ns-1: AccessDenied"), List.of(LEGACY)));

    assertFalse(json.get("complete").asBoolean());
    assertEquals("ListServices ns-1: AccessDenied", json.at("/skipped/0").asText());
    JsonNode o = json.at("/orphans/0");
    assertEquals("namespace", o.get("kind").asText());
    assertEquals(nsArn("ns-legacy"), o.get("arn").asText());
    assertEquals("legacy", o.get("name").asText());
    assertEquals("HTTP", o.get("namespaceType").asText());
    assertEquals(1, o.get("services").asInt());
    assertEquals(1, o.get("instances").asInt());
    assertEquals(new BigDecimal("0.10"), o.get("monthlyCostUsd").decimalValue());
    assertTrue(o.get("monthlyCostUsd").isNumber());
    assertContains(o.get("reason").asText(), "no ACTIVE cluster");
    assertEquals(new BigDecimal("0.10"), json.get("totalMonthlyCostUsd").decimalValue());
  }

  @Test
  void digest_listsExemptionsThatLapsed_andPutsThemInTheJson() {
    var lapsed =
        new dev.ecsguardrail.orphan.ExemptionNote(
            "arn:aws:ecs:us-east-1:123456789012:service/prod/payments",
            dev.ecsguardrail.policy.Exemption.fromTags(
                    java.util.Map.of(
                        "ecs-guardrail:exempt",
                        "SC002",
                        "ecs-guardrail:exempt-until",
                        "2026-11-20"),
                    "service")
                .orElseThrow(),
            "lapsed");
    SweepResult sweep = sweep(true, List.of(), List.of()).withExemptions(List.of(lapsed));

    var n = OrphanNotifications.digest(sweep, Optional.empty(), TODAY);

    assertTrue(n.email().contains("Exemptions lapsed or lapsing within 14 days"), n.email());
    assertTrue(
        n.email()
            .contains(
                "lapsed: ecs-guardrail:exempt=SC002 on the service until 2026-11-20"
                    + " (arn:aws:ecs:us-east-1:123456789012:service/prod/payments)"),
        n.email());
    JsonNode json = StrictJson.parse(n.json().getBytes(), "json").get("exemptions");
    assertEquals("lapsed", json.get(0).get("state").asText());
  }
}
