package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgDigest;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OrgReportHtmlTest {

  private static final String HOSTILE =
      "<script>alert(\"x\")</script> & 'q' \u202Egnp.exe\u202C \u0007\u001B[31m\nnext";

  private static final Pattern FIGURE =
      Pattern.compile("<[a-z]+\\s[^>]*data-figure=\"([^\"]*)\"[^>]*>([^<]*)<");

  private static MemberReport member(
      String account, String region, boolean complete, double cost, int findings) {
    List<MemberReport.Orphan> orphans =
        cost == 0
            ? List.of()
            : List.of(
                new MemberReport.Orphan(
                    account,
                    region,
                    "shop-" + region,
                    "arn:aws:servicediscovery:"
                        + region
                        + ":"
                        + account
                        + ":namespace/ns-"
                        + region,
                    cost,
                    List.of(
                        "aws servicediscovery delete-namespace --id ns-"
                            + region
                            + " --region "
                            + region)));
    List<MemberReport.Finding> list =
        IntStream.range(0, findings)
            .mapToObj(
                i ->
                    new MemberReport.Finding(
                        account, region, i % 2 == 0 ? "SC002" : "SC004", "HIGH", "svc-" + i))
            .toList();
    return new MemberReport(account, region, complete, cost, 4, orphans, list, List.of());
  }

  private static OrgReport report() {
    MemberReport hostile =
        new MemberReport(
            "111111111111",
            "eu-west-1",
            true,
            13.4,
            2,
            List.of(
                new MemberReport.Orphan(
                    "111111111111",
                    "eu-west-1",
                    HOSTILE,
                    "arn:aws:servicediscovery:eu-west-1:111111111111:namespace/ns-1",
                    13.4,
                    List.of("aws servicediscovery delete-namespace --id ns-1 " + HOSTILE))),
            List.of(),
            List.of(
                new MemberReport.Exemption(
                    "111111111111",
                    "eu-west-1",
                    "svc-a",
                    "LAPSED",
                    "guardrail:exempt=" + HOSTILE)));
    return OrgDigest.build(
        "2026-W50",
        List.of(
            hostile,
            member("111111111111", "us-east-1", false, 1234.567, 3),
            member("222222222222", "eu-west-1", true, 0, 1)),
        List.of(new OrgReport.Damaged("weekly/2026-W50/333333333333/us-east-1.json.gz", HOSTILE)),
        List.of(
            new OrgReport.Account("111111111111", HOSTILE),
            new OrgReport.Account("222222222222", "payments"),
            new OrgReport.Account("333333333333", "search"),
            new OrgReport.Account("444444444444", "gone quiet")),
        List.of("eu-west-1", "us-east-1"),
        Optional.of(
            new OrgReport.History(
                new OrgReport.Totals(2, 5, 0, 1500.25, 4, 9),
                List.of(new OrgReport.TrendPoint("2026-W49", 1500.25, 9)))));
  }

  @Test
  void untrustedText_isEscapedAndInert() {
    String html = OrgReportHtml.write(report());

    assertFalse(html.contains("<script"), "no script element");
    assertTrue(
        html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;  gnp.exe    [31m"
                + " next"),
        "every text escaped, its controls and bidirectional marks spaces");
    for (char c : new char[] {'\u202E', '\u202C', '\u0007', '\u001B'}) {
      assertEquals(-1, html.indexOf(c), "U+" + Integer.toHexString(c));
    }
    assertFalse(html.contains("next\n"), "a name never starts a line of its own");
  }

  @Test
  void page_isSelfContained() {
    String html = OrgReportHtml.write(report()).toLowerCase(java.util.Locale.ROOT);

    assertFalse(html.contains("<script"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("<img"));
    assertFalse(html.contains("<iframe"));
    assertFalse(html.contains("@import"));
    assertFalse(html.contains("@font-face"));
    assertFalse(html.contains("url("));
    assertFalse(html.contains("src="));
    assertFalse(html.contains("http:"));
    assertFalse(html.contains("https:"));
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertTrue(href.group(1).startsWith("#"), href.group(1));
    }
    assertTrue(html.contains("content-security-policy\" content=\"default-src 'none';"));
  }

  @Test
  void everyFigure_isTheJsonsValue() {
    OrgReport report = report();
    Map<String, String> figures = figures(OrgReportHtml.write(report));

    assertFiguresEqual(figures, OrgReportJson.write(report));
    List<String> expected = new ArrayList<>();
    for (String f : List.of("accounts", "reports", "incomplete", "monthlyCostUsd", "orphans")) {
      expected.add("totals." + f);
      expected.add("lastWeek." + f);
    }
    for (int i = 0; i < report.rows().size(); i++) {
      for (String f : List.of("account", "region", "monthlyCostUsd", "orphans", "findings")) {
        expected.add("reports." + i + "." + f);
      }
    }
    for (int i = 0; i < report.missing().size(); i++) {
      expected.add("missing." + i + ".region");
    }
    for (int i = 0; i < report.trend().size(); i++) {
      expected.add("trend." + i + ".monthlyCostUsd");
      expected.add("trend." + i + ".findings");
    }
    expected.addAll(
        List.of(
            "week",
            "totals.findings",
            "orphans.0.monthlyCostUsd",
            "orphans.1.arn",
            "findingsByRule.SC002",
            "findingsByRule.SC004",
            "damaged.0.key",
            "exemptions.0.account"));
    expected.forEach(path -> assertTrue(figures.containsKey(path), path));
    assertEquals("1,247.97", figures.get("totals.monthlyCostUsd"));
    assertEquals("1,234.57", figures.get("orphans.0.monthlyCostUsd"));
  }

  @Test
  void header_saysTheChangeSinceLastWeek() {
    String html = OrgReportHtml.write(report());

    // 1,247.97 from 1,500.25: less left behind is better; 4 findings from 9; 1 incomplete from 0.
    assertTrue(html.contains("delta better\">\u25BC \u2212$252.28 from $<span"), html);
    assertTrue(html.contains("\u25BC \u22125 from <span data-figure=\"lastWeek.findings\">9<"));
    assertTrue(html.contains("delta worse\">\u25B2 +1 from <span data-figure=\"lastWeek.incompl"));
    assertTrue(html.contains("same as last week (<span data-figure=\"lastWeek.accounts\">"));
  }

  @Test
  void theFirstWeek_hasNothingToCompareAndOnePoint() {
    OrgReport report =
        OrgDigest.build(
            "2026-W01",
            List.of(member("111111111111", "eu-west-1", true, 0, 0)),
            List.of(),
            List.of(new OrgReport.Account("111111111111", "shop")),
            List.of("eu-west-1"),
            Optional.empty());
    String html = OrgReportHtml.write(report);

    assertFalse(html.contains("lastWeek."));
    assertTrue(html.contains("first week: nothing to compare"));
    assertEquals(1, count(html, "<circle class=\"cost\" data-week="));
    assertEquals(1, count(html, "<circle class=\"findings\" data-week="));
    assertFalse(html.contains("<polyline"), "one point: no line");
    assertTrue(html.contains("None: every account reported every Region."));
    assertTrue(html.contains("None: nothing left behind."));
    assertTrue(html.contains("None: no standing finding."));
    assertTrue(html.contains("None: every report could be read."));
    assertFiguresEqual(figures(html), OrgReportJson.write(report));
  }

  @Test
  void trend_hasAPointPerWeekInEachSeries() {
    OrgReport report = report();
    String html = OrgReportHtml.write(report);

    assertEquals(2, report.trend().size());
    for (String series : List.of("cost", "findings")) {
      assertEquals(2, count(html, "<circle class=\"" + series + "\" data-week="), series);
      assertEquals(1, count(html, "<polyline class=\"" + series + "\""), series);
    }
    assertTrue(html.contains("<title>2026-W49: $1,500.25 a month</title>"));
    assertTrue(html.contains("<title>2026-W50: 4 findings</title>"));
  }

  @Test
  void orphans_theCostliestFiftyThenHowManyMore() {
    List<MemberReport> reports = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      reports.add(member(String.format("%012d", 100 + i), "eu-west-1", true, i + 1, 0));
    }
    OrgReport report =
        OrgDigest.build("2026-W50", reports, List.of(), List.of(), List.of(), Optional.empty());
    String html = OrgReportHtml.write(report);

    assertTrue(html.contains("data-figure=\"orphans.49.monthlyCostUsd\">11.00<"));
    assertFalse(html.contains("orphans.50."));
    assertTrue(html.contains("10 more orphans in org-report.json."));
    assertEquals(50, count(html, "<code>aws servicediscovery delete-namespace"));
  }

  /** 17,000 reports (1,000 accounts in 17 Regions), each with an orphan and findings. */
  @Test
  void size_forAThousandAccountsInSeventeenRegions() throws IOException {
    List<String> regions =
        List.of(
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "ca-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-central-1",
            "eu-north-1",
            "ap-south-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-southeast-1",
            "ap-southeast-2",
            "sa-east-1");
    List<MemberReport> reports = new ArrayList<>();
    List<OrgReport.Account> accounts = new ArrayList<>();
    for (int a = 0; a < 1000; a++) {
      String account = String.format("%012d", 100000000000L + a * 7919L);
      accounts.add(new OrgReport.Account(account, "team-" + a + "-production-workloads"));
      for (String region : regions) {
        reports.add(member(account, region, a % 50 != 0, 10 + a % 97, a % 5));
      }
    }
    OrgReport report =
        OrgDigest.build("2026-W50", reports, List.of(), accounts, regions, Optional.empty());
    byte[] html = OrgReportHtml.write(report).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(html);
    }

    System.out.printf(
        "org-report.html for 1,000 accounts x 17 Regions: %,d bytes, %,d gzipped%n",
        html.length, gzipped.size());
    assertTrue(html.length < 7_000_000, html.length + " bytes");
  }

  /** The text of every element with a data-figure, by its path in the JSON. */
  static Map<String, String> figures(String html) {
    Map<String, String> figures = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      String previous = figures.put(unescape(m.group(1)), unescape(m.group(2)));
      assertEquals(null, previous, "one element per figure: " + m.group(1));
    }
    return figures;
  }

  /**
   * Each figure equals its JSON value: numbers as shown (thousands separators, money to the cent),
   * text as is.
   */
  static void assertFiguresEqual(Map<String, String> figures, JsonNode json) {
    assertFalse(figures.isEmpty());
    figures.forEach(
        (path, text) -> {
          JsonNode node = json;
          for (String part : path.split("\\.")) {
            node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
          }
          assertFalse(node.isMissingNode() || node.isContainerNode(), path + " in the JSON");
          if (node.isNumber()) {
            BigDecimal shown = new BigDecimal(text.replace(",", ""));
            BigDecimal value =
                node.isIntegralNumber()
                    ? node.decimalValue()
                    : node.decimalValue().setScale(2, RoundingMode.HALF_UP);
            assertEquals(0, value.compareTo(shown), path + ": " + text + " against " + node);
          } else {
            assertEquals(node.asText(), text, path);
          }
        });
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u00A0")
        .replace("&amp;", "&");
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
