package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgDigest;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.WeeklyKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrgNotificationsTest {

  private static final String WEEK = "2026-W50";

  /**
   * A release that writes what the organization cannot read damages every report at once: 1,000
   * accounts in 17 Regions. The digest still fits SNS's limit, uncut, and says how many.
   */
  @Test
  void everyReportDamaged_theDigestNamesTheFirst_countsAll_andFitsUncut() {
    List<String> regions = List.of("us-east-1", "eu-west-1", "ap-south-1");
    List<OrgReport.Account> accounts = new ArrayList<>();
    List<OrgReport.Damaged> damaged = new ArrayList<>();
    for (int a = 0; a < 1000; a++) {
      String id = String.format("%012d", 100000000000L + a);
      accounts.add(new OrgReport.Account(id, "member-" + a));
      for (int r = 0; r < 17; r++) {
        String region = r < regions.size() ? regions.get(r) : "xx-region-" + r;
        String key = WeeklyKey.of(WEEK, id, region);
        damaged.add(
            new OrgReport.Damaged(
                key, key + " holds the report of 999999999999 " + region + ", not of its key"));
      }
    }
    OrgReport report =
        OrgDigest.build(WEEK, List.of(), damaged, accounts, regions, Optional.empty());

    Notification digest =
        OrgNotifications.digest(report, Map.of("json", "https://console/org-report.json"));

    assertTrue(
        digest.snsSize() <= NotificationRenderer.MAX_SNS_BYTES,
        digest.snsSize() + " bytes: SNS refuses it");
    String first = damaged.getFirst().reason();
    assertTrue(digest.email().contains(first), "the first damaged report, uncut");
    assertTrue(
        digest.email().contains("Unreadable reports (17000"), "how many: " + head(digest.email()));
    assertTrue(
        digest.email().contains((17000 - OrgNotifications.SHOWN) + " more in the report"),
        head(digest.email()));
    JsonNode json = StrictJson.parse(digest.json().getBytes(StandardCharsets.UTF_8), "digest");
    assertEquals(17000, json.path("damagedCount").asInt());
    assertEquals(OrgNotifications.SHOWN, json.path("damaged").size());
    assertEquals(first, json.path("damaged").get(0).path("reason").asText());
  }

  @Test
  void aFewDamaged_areAllNamed() {
    List<OrgReport.Damaged> damaged =
        List.of(
            new OrgReport.Damaged(WeeklyKey.of(WEEK, "111111111111", "us-east-1"), "not gzip"),
            new OrgReport.Damaged(WeeklyKey.of(WEEK, "222222222222", "us-east-1"), "not gzip"));
    OrgReport report =
        OrgDigest.build(
            WEEK,
            List.of(),
            damaged,
            List.of(
                new OrgReport.Account("111111111111", "a"),
                new OrgReport.Account("222222222222", "b")),
            List.of("us-east-1"),
            Optional.empty());

    Notification digest = OrgNotifications.digest(report, Map.of());

    assertTrue(digest.email().contains("Unreadable reports (2, "), digest.email());
    assertTrue(digest.email().contains("222222222222/us-east-1.json.gz: not gzip"));
    JsonNode json = StrictJson.parse(digest.json().getBytes(StandardCharsets.UTF_8), "digest");
    assertEquals(2, json.path("damaged").size());
    assertEquals(2, json.path("damagedCount").asInt());
  }

  /**
   * The costliest orphans are those with the most instances left registered, one cleanup command
   * each: ten of a thousand instances still fit, uncut, with the first commands and the count.
   */
  @Test
  void theCostliestOrphans_withThousandsOfCleanupCommands_fitUncut() {
    List<MemberReport.Orphan> orphans = new ArrayList<>();
    for (int o = 0; o < 10; o++) {
      List<String> cleanup = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        cleanup.add(
            "aws servicediscovery deregister-instance --service-id srv-"
                + o
                + " --instance-id i-"
                + i);
      }
      cleanup.add("aws servicediscovery delete-service --id srv-" + o);
      cleanup.add("aws servicediscovery delete-namespace --id ns-" + o);
      orphans.add(
          new MemberReport.Orphan(
              "111111111111",
              "us-east-1",
              "legacy-" + o,
              "arn:aws:servicediscovery:us-east-1:111111111111:namespace/ns-" + o,
              100 + o,
              cleanup));
    }
    MemberReport member =
        new MemberReport("111111111111", "us-east-1", true, 1045, 1, orphans, List.of(), List.of());
    OrgReport report =
        OrgDigest.build(
            WEEK,
            List.of(member),
            List.of(),
            List.of(new OrgReport.Account("111111111111", "a")),
            List.of("us-east-1"),
            Optional.empty());

    Notification digest = OrgNotifications.digest(report, Map.of());

    assertTrue(
        digest.snsSize() <= NotificationRenderer.MAX_SNS_BYTES,
        digest.snsSize() + " bytes: SNS refuses it");
    assertTrue(digest.email().contains("ecs-guardrail organization digest, week " + WEEK));
    assertTrue(digest.email().contains("(999 more commands in the report)"), digest.email());
    JsonNode costliest =
        StrictJson.parse(digest.json().getBytes(StandardCharsets.UTF_8), "digest")
            .path("orphans")
            .get(0);
    assertEquals(
        "arn:aws:servicediscovery:us-east-1:111111111111:namespace/ns-9",
        costliest.path("arn").asText());
    assertEquals(1002, costliest.path("cleanupCount").asInt());
    assertEquals(OrgNotifications.CLEANUP_SHOWN, costliest.path("cleanup").size());
    assertEquals(
        "aws servicediscovery deregister-instance --service-id srv-9 --instance-id i-0",
        costliest.path("cleanup").get(0).asText());
  }

  /**
   * The subject fits SNS's 100 characters whole, from an organization of three accounts to one of
   * 1,010 in 17 Regions, the missing first.
   */
  @Test
  void theSubject_fitsWhole_theMissingFirst() throws Exception {
    List<String> regions = new ArrayList<>();
    for (int r = 0; r < 17; r++) {
      regions.add("region-" + r);
    }
    List<OrgReport.Account> accounts = new ArrayList<>();
    List<MemberReport> reports = new ArrayList<>();
    for (int a = 0; a < 1010; a++) {
      String id = String.format("%012d", 100000000000L + a);
      accounts.add(new OrgReport.Account(id, "member-" + a));
      for (int r = 0; a < 1000 && r < 17; r++) {
        String region = regions.get(r);
        reports.add(
            new MemberReport(
                id,
                region,
                true,
                0.25,
                4,
                List.of(
                    new MemberReport.Orphan(
                        id, region, "left", "arn:" + id + region, 0.25, List.of("aws delete"))),
                List.of(
                    new MemberReport.Finding(id, region, "SC002", "HIGH", "a"),
                    new MemberReport.Finding(id, region, "SC002", "HIGH", "b"),
                    new MemberReport.Finding(id, region, "SC010", "MEDIUM", "c"),
                    new MemberReport.Finding(id, region, "NS001", "MEDIUM", "d")),
                List.of()));
      }
    }

    String large =
        OrgNotifications.digest(
                OrgDigest.build(WEEK, reports, List.of(), accounts, regions, Optional.empty()),
                Map.of())
            .subject();
    String small =
        OrgNotifications.digest(
                OrgDigest.build(
                    WEEK,
                    reports.subList(0, 2),
                    List.of(),
                    accounts.subList(0, 1),
                    regions.subList(0, 3),
                    Optional.empty()),
                Map.of())
            .subject();

    assertEquals(
        "ecs-guardrail organization digest 2026-W50: 170 missing, $4250.00/month left behind,"
            + " 68000 findings",
        large);
    assertEquals(
        "ecs-guardrail organization digest 2026-W50: 1 missing, $0.50/month left behind, 8 findings",
        small);
  }

  private static String head(String text) {
    return text.substring(0, Math.min(2000, text.length()));
  }

  private static final Map<String, String> LINKS = Map.of("json", "https://console.example/r.json");

  private static MemberReport member(String account, String region, double cost) {
    return new MemberReport(
        account,
        region,
        true,
        cost,
        1,
        List.of(
            new MemberReport.Orphan(
                account,
                region,
                "left\u202e",
                "arn:aws:servicediscovery:" + region + ":" + account + ":namespace/ns-1",
                cost,
                List.of("aws servicediscovery delete-namespace --id ns-1"))),
        List.of(new MemberReport.Finding(account, region, "SC002", "HIGH", "svc")),
        List.of());
  }

  @Test
  void theDigest_namesWhoDidNotReport_andTheUnreadable_andLinksTheReport() {
    OrgReport report =
        OrgDigest.build(
            "2026-W50",
            List.of(member("111111111111", "us-east-1", 0.25)),
            List.of(
                new OrgReport.Damaged(
                    "weekly/2026-W50/222222222222/us-east-1.json.gz", "not gzip")),
            List.of(
                new OrgReport.Account("111111111111", "payments"),
                new OrgReport.Account("222222222222", "search"),
                new OrgReport.Account("333333333333", "legacy\nteam")),
            List.of("us-east-1"),
            Optional.empty());

    Notification n = OrgNotifications.digest(report, LINKS);

    assertEquals(
        "ecs-guardrail organization digest 2026-W50: 1 missing, $0.25/month left behind,"
            + " 1 findings",
        n.subject());
    assertTrue(
        n.email().contains("Did not report (1):\n  legacy team (333333333333)  us-east-1"),
        n.email());
    assertTrue(
        n.email().contains("weekly/2026-W50/222222222222/us-east-1.json.gz: not gzip"), n.email());
    assertTrue(n.email().contains("$ aws servicediscovery delete-namespace --id ns-1"), n.email());
    assertFalse(n.email().contains("\u202e"), "no bidirectional override reaches the mail");
    assertTrue(n.email().contains("json: https://console.example/r.json"), n.email());
    assertEquals("org-digest", n.attributes().get("kind"));
  }

  /** 1,000 accounts in 17 Regions, most missing: the message stays within SNS's limit. */
  @Test
  void aLargeOrganization_staysWithinSnsLimit_showingTheTopEntries() {
    List<MemberReport> reports = new ArrayList<>();
    List<OrgReport.Account> accounts = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    for (int r = 0; r < 17; r++) {
      regions.add("region-" + r);
    }
    for (int a = 0; a < 1000; a++) {
      String id = String.format("%012d", a);
      accounts.add(new OrgReport.Account(id, "account " + a));
      if (a % 2 == 0) {
        reports.add(member(id, "region-0", a / 100.0));
      }
    }
    OrgReport report =
        OrgDigest.build("2026-W50", reports, List.of(), accounts, regions, Optional.empty());

    Notification n = OrgNotifications.digest(report, LINKS);

    assertTrue(n.snsSize() <= NotificationRenderer.MAX_SNS_BYTES, "SNS size " + n.snsSize());
    JsonNode json = StrictJson.parse(n.json().getBytes(StandardCharsets.UTF_8), "json");
    assertEquals(report.missing().size(), json.get("missingCount").asInt());
    assertEquals(OrgNotifications.SHOWN, json.get("missing").size());
    assertEquals(9.98, json.get("orphans").get(0).get("monthlyCostUsd").asDouble());
    assertTrue(n.email().contains("more in the report"), "the e-mail says the list goes on");
  }
}
