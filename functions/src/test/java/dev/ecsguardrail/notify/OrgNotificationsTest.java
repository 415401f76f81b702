package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgDigest;
import dev.ecsguardrail.org.OrgReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrgNotificationsTest {

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
        "ecs-guardrail org digest 2026-W50: 1 of 3 reports missing, $0.25/month left behind,"
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
    assertEquals(OrgNotifications.MISSING_SHOWN, json.get("missing").size());
    assertEquals(9.98, json.get("orphans").get(0).get("monthlyCostUsd").asDouble());
    assertTrue(n.email().contains("more in the report"), "the e-mail says the list goes on");
  }
}
