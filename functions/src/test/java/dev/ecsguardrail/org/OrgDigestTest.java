package dev.ecsguardrail.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OrgDigestTest {

  private static final String WEEK = "2026-W50";
  private static final OrgReport.Account PAYMENTS =
      new OrgReport.Account("111111111111", "payments");
  private static final OrgReport.Account SEARCH = new OrgReport.Account("222222222222", "search");
  private static final OrgReport.Account LEGACY = new OrgReport.Account("333333333333", "legacy");
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

  /** A member's object as its digest writes it: ScanJson, gzipped. */
  static byte[] memberObject(String account, String region, double cost, String... ruleIds)
      throws IOException {
    ObjectNode json = StrictJson.MAPPER.createObjectNode();
    json.put("account", account).put("region", region).put("complete", true);
    json.putArray("skipped");
    var orphans = json.putArray("orphans");
    if (cost > 0) {
      orphans
          .addObject()
          .put("kind", "namespace")
          .put(
              "arn",
              "arn:aws:servicediscovery:" + region + ":" + account + ":namespace/ns-" + region)
          .put("name", "left-" + region)
          .put("monthlyCostUsd", cost)
          .putArray("cleanup")
          .add("aws servicediscovery delete-namespace --id ns-" + region);
    }
    json.put("totalMonthlyCostUsd", cost);
    json.put("checkedServices", ruleIds.length);
    var findings = json.putArray("findings");
    for (String id : ruleIds) {
      findings.addObject().put("ruleId", id).put("severity", "HIGH").put("resource", "svc-" + id);
    }
    json.putArray("exemptions");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static MemberReport member(String account, String region, double cost, String... ids)
      throws IOException {
    WeeklyKey key = WeeklyKey.parse(WeeklyKey.of(WEEK, account, region)).orElseThrow();
    return MemberReport.read(memberObject(account, region, cost, ids), key);
  }

  @Test
  void theWeek_countsEveryReport_namesTheMissing_andKeepsTheDamagedOutOfMissing()
      throws IOException {
    List<MemberReport> reports =
        List.of(
            member(PAYMENTS.id(), "us-east-1", 0.2, "SC002", "SC002"),
            member(PAYMENTS.id(), "eu-west-1", 1.5, "SC001"),
            member(SEARCH.id(), "us-east-1", 0, "SC004"));
    List<OrgReport.Damaged> damaged =
        List.of(new OrgReport.Damaged(WeeklyKey.of(WEEK, SEARCH.id(), "eu-west-1"), "not gzip"));

    OrgReport report =
        OrgDigest.build(
            WEEK, reports, damaged, List.of(PAYMENTS, SEARCH, LEGACY), REGIONS, Optional.empty());

    assertEquals(new OrgReport.Totals(2, 3, 0, 1.7, 2, 4), report.totals());
    assertEquals(
        List.of(
            new OrgReport.Missing(LEGACY.id(), "legacy", "eu-west-1"),
            new OrgReport.Missing(LEGACY.id(), "legacy", "us-east-1")),
        report.missing());
    assertEquals(damaged, report.damaged());
    assertEquals(Map.of("SC001", 1, "SC002", 2, "SC004", 1), report.findingsByRule());
    assertEquals(
        List.of(1.5, 0.2),
        report.orphans().stream().map(MemberReport.Orphan::monthlyCostUsd).toList());
    assertEquals("payments", report.rows().getFirst().accountName());
    assertEquals(List.of(new OrgReport.TrendPoint(WEEK, 1.7, 4)), report.trend());
  }

  @Test
  void aReportFromAnAccountNotListed_isStillCounted() throws IOException {
    OrgReport report =
        OrgDigest.build(
            WEEK,
            List.of(member("444444444444", "us-east-1", 0.1)),
            List.of(),
            List.of(),
            REGIONS,
            Optional.empty());

    assertEquals(1, report.totals().reports());
    assertEquals("", report.rows().getFirst().accountName());
    assertEquals(List.of(), report.missing());
  }

  @Test
  void theTrend_isLastWeeksPlusThisOne_atMostTwelveWeeks() {
    List<OrgReport.TrendPoint> earlier = new ArrayList<>();
    for (int w = 36; w <= 49; w++) {
      earlier.add(new OrgReport.TrendPoint("2026-W" + w, w, w));
    }
    earlier.add(new OrgReport.TrendPoint(WEEK, 99, 99)); // a rerun this week: replaced
    OrgReport.Totals last = new OrgReport.Totals(1, 1, 0, 49, 1, 49);

    OrgReport report =
        OrgDigest.build(
            WEEK,
            List.of(),
            List.of(),
            List.of(),
            REGIONS,
            Optional.of(new OrgReport.History(last, earlier)));

    assertEquals(OrgReport.TREND_WEEKS, report.trend().size());
    assertEquals("2026-W39", report.trend().getFirst().week());
    assertEquals(new OrgReport.TrendPoint(WEEK, 0, 0), report.trend().getLast());
    assertEquals(Optional.of(last), report.lastWeek());
  }

  @Test
  void aMemberObject_mustBeGzippedJson_ofTheAccountAndRegionItsKeyNames() throws IOException {
    WeeklyKey key = WeeklyKey.parse(WeeklyKey.of(WEEK, PAYMENTS.id(), "us-east-1")).orElseThrow();
    var notGzip =
        assertThrows(
            MalformedEventException.class,
            () -> MemberReport.read("{}".getBytes(StandardCharsets.UTF_8), key));
    assertTrue(notGzip.getMessage().startsWith(key.key() + " is not gzip"), notGzip.getMessage());
    var other =
        assertThrows(
            MalformedEventException.class,
            () -> MemberReport.read(memberObject(SEARCH.id(), "us-east-1", 0), key));
    assertTrue(other.getMessage().contains("not of its key"), other.getMessage());
  }

  @Test
  void keys_nameTheIsoWeek_acrossTheYearsEnd() {
    assertEquals("2026-W53", WeeklyKey.week(LocalDate.of(2027, 1, 1)));
    assertEquals("2026-W01", WeeklyKey.week(LocalDate.of(2025, 12, 29)));
    assertEquals(
        Optional.of(
            new WeeklyKey(
                "weekly/2026-W50/111111111111/eu-west-1.json.gz",
                "2026-W50",
                "111111111111",
                "eu-west-1")),
        WeeklyKey.parse(WeeklyKey.of(WEEK, "111111111111", "eu-west-1")));
    assertEquals(Optional.empty(), WeeklyKey.parse("weekly/2026-W50/org-report.json"));
  }

  @Test
  void theJson_givesNextWeekItsHistory() throws IOException {
    OrgReport report =
        OrgDigest.build(
            WEEK,
            List.of(member(PAYMENTS.id(), "us-east-1", 2.5, "SC002")),
            List.of(),
            List.of(PAYMENTS),
            REGIONS,
            Optional.empty());

    OrgReport.History history =
        OrgReportJson.history(
            OrgReportJson.write(report).toString().getBytes(StandardCharsets.UTF_8), "k");

    assertEquals(new OrgReport.History(report.totals(), report.trend()), history);
  }

  @Test
  void theCsv_quotes_andNeverLetsASpreadsheetRunAName() {
    assertEquals("plain", OrgReportCsv.quoted("plain"));
    assertEquals("\"a,b\"", OrgReportCsv.quoted("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", OrgReportCsv.quoted("say \"hi\""));
    assertEquals("\"'=HYPERLINK(1)\"", OrgReportCsv.quoted("=HYPERLINK(1)"));
  }
}
