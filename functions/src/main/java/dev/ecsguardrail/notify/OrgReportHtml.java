package dev.ecsguardrail.notify;

import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The org report as one self-contained HTML page ({@code weekly/<week>/org-report.html}), for
 * people: the week's totals and their change since last week, the trend of cost and findings as an
 * inline SVG chart, the missing accounts and Regions by name, the costliest orphans with their
 * cleanup commands, findings by rule, exemptions to look at, damaged objects, and a row per account
 * and Region.
 *
 * <p>Self-contained: one inline {@code <style>}, system fonts, no script, no image, no external
 * address; a Content-Security-Policy that allows inline style only, so that nothing it holds can
 * load or run anything. Every text from the report comes from a member account (names, ARNs,
 * cleanup commands, tags, reasons): each control character and bidirectional mark is replaced by a
 * space ({@link UntrustedText#oneLine}), then the text is HTML-escaped.
 *
 * <p>Each figure that mirrors the JSON carries its path in the JSON ({@link OrgReportJson}) as
 * {@code data-figure} (for example {@code totals.monthlyCostUsd}, {@code reports.3.findings}),
 * holding only its text: numbers as {@code 1,234.56} (money to the cent), ids and Regions as they
 * are. Names are not figures: they are shown as written, less their control characters.
 *
 * <p>Size: every report and every missing pair has a row; orphans are cut at {@value
 * #ORPHANS_SHOWN}, exemptions and damaged objects at {@value #LISTED}, with how many more are in
 * the JSON. For 1,000 accounts × 17 Regions the page is about 6 MB, 330 KB gzipped ({@code
 * OrgReportHtmlTest.size_forAThousandAccountsInSeventeenRegions}); Chromium draws it in 3 s.
 */
public final class OrgReportHtml {

  /** The costliest orphans shown; the rest are in the JSON. */
  static final int ORPHANS_SHOWN = 50;

  /** Exemptions and damaged objects shown; the rest are in the JSON. */
  static final int LISTED = 100;

  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  private static final String STYLE =
      """
      :root{--ink:#1f2933;--muted:#5f6b7a;--line:#e3e7ed;--bg:#f4f6f9;--card:#fff;\
      --cost:#c2410c;--find:#2563eb;--bad:#b91c1c;--good:#15803d}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,\
      "Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",\
      sans-serif}
      main{max-width:1200px;margin:0 auto;padding:24px}
      h1{font-size:22px;margin:0 0 2px}
      .sub{color:var(--muted);margin:0}
      nav{margin:10px 0 0;font-size:13px}
      nav a{color:var(--find);margin-right:14px;text-decoration:none}
      .cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:18px 0 20px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
      .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
      .value{font-size:24px;font-weight:600;margin:2px 0;white-space:nowrap;\
      font-variant-numeric:tabular-nums}
      .delta{font-size:12px;color:var(--muted)}
      .worse{color:var(--bad)}
      .better{color:var(--good)}
      section{background:var(--card);border:1px solid var(--line);border-radius:8px;\
      padding:16px 18px;margin:0 0 18px}
      h2{font-size:17px;margin:0 0 10px}
      h2 small{color:var(--muted);font-weight:400;font-size:13px;margin-left:6px}
      table{border-collapse:collapse;width:100%}
      th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
      th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc}
      .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      tr.incomplete td{background:#fff7ed}
      code{display:block;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,\
      "DejaVu Sans Mono",monospace;background:#f3f4f6;border-radius:4px;padding:2px 6px;\
      margin:2px 0;white-space:pre-wrap;overflow-wrap:anywhere}
      .arn{color:var(--muted);font-size:12px;overflow-wrap:anywhere}
      #orphans td:last-child{width:44%}
      td[data-figure$=".account"],td[data-figure$=".region"]{white-space:nowrap}
      .value small{font-size:13px;font-weight:400;color:var(--muted)}
      .none{color:var(--good);margin:0}
      .more{color:var(--muted);font-style:italic;margin:8px 0 0}
      .bar{height:10px;background:var(--find);border-radius:3px;min-width:2px}
      .pill{display:inline-block;background:#eef2f7;border-radius:10px;padding:0 8px;margin:1px 2px}
      svg{display:block;width:100%;height:auto}
      svg text{font-family:inherit;font-size:12px;fill:var(--muted)}
      svg .grid{stroke:var(--line)}
      svg .cost{stroke:var(--cost)}
      svg .findings{stroke:var(--find)}
      svg circle.cost,svg text.cost{fill:var(--cost)}
      svg circle.findings,svg text.findings{fill:var(--find)}
      svg polyline{fill:none;stroke-width:2.5}
      svg text.head{font-size:13px;font-weight:600;fill:var(--ink)}
      svg text.now{font-weight:600;stroke:none}
      details{margin-top:8px;font-size:13px}
      summary{cursor:pointer;color:var(--muted)}
      """;

  private OrgReportHtml() {}

  public static String write(OrgReport report) {
    StringBuilder h = new StringBuilder(4096 + report.rows().size() * 320);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(CSP)
        .append("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>ECS Service Connect guardrail: the organization's week ")
        .append(esc(report.week()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(h, report);
    section(h, "trend", "Trend", report.trend().size() + " weeks");
    trend(h, report.trend());
    h.append("</section>\n");
    missing(h, report.missing());
    orphans(h, report);
    byRule(h, report.findingsByRule());
    exemptions(h, report.exemptions());
    damaged(h, report.damaged());
    rows(h, report.rows());
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, OrgReport report) {
    OrgReport.Totals t = report.totals();
    h.append("<header>\n<h1>The organization's week <span data-figure=\"week\">")
        .append(esc(report.week()))
        .append("</span></h1>\n<p class=\"sub\">ECS Service Connect guardrail: every member")
        .append(" account's weekly sweep, by account and Region. Everything is also in")
        .append(" org-report.json and org-report.csv beside this page.</p>\n<nav>")
        .append("<a href=\"#trend\">Trend</a><a href=\"#missing\">Missing</a>")
        .append("<a href=\"#orphans\">Costliest orphans</a><a href=\"#rules\">Findings by rule</a>")
        .append("<a href=\"#exemptions\">Exemptions</a><a href=\"#damaged\">Damaged</a>")
        .append("<a href=\"#rows\">Accounts and Regions</a></nav>\n</header>\n")
        .append("<div class=\"cards\">\n");
    OrgReport.Totals last = report.lastWeek().orElse(null);
    boolean first = last == null;
    card(h, "Accounts", "accounts", t.accounts(), first ? null : (double) last.accounts(), false);
    card(h, "Reports", "reports", t.reports(), first ? null : (double) last.reports(), false);
    card(
        h,
        "Incomplete",
        "incomplete",
        t.incomplete(),
        first ? null : (double) last.incomplete(),
        true);
    card(
        h,
        "Cost left behind",
        "monthlyCostUsd",
        t.monthlyCostUsd(),
        first ? null : last.monthlyCostUsd(),
        true);
    card(h, "Orphans", "orphans", t.orphans(), first ? null : (double) last.orphans(), true);
    card(h, "Findings", "findings", t.findings(), first ? null : (double) last.findings(), true);
    h.append("</div>\n");
  }

  /**
   * @param last last week's value, or null the first week
   * @param riseIsWorse a rise is bad news (cost, orphans, findings, incomplete), not just news
   */
  private static void card(
      StringBuilder h, String label, String field, double now, Double last, boolean riseIsWorse) {
    boolean money = field.equals("monthlyCostUsd");
    h.append("<div class=\"card\"><div class=\"label\">")
        .append(label)
        .append("</div><div class=\"value\">")
        .append(money ? "$" : "")
        .append("<span data-figure=\"totals.")
        .append(field)
        .append("\">")
        .append(money ? money(now) : count(now))
        .append(money ? "</span><small> a month</small>" : "</span>")
        .append("</div><div class=\"delta");
    if (last == null) {
      h.append("\">first week: nothing to compare</div></div>\n");
      return;
    }
    double change = money ? Math.round((now - last) * 100) / 100.0 : now - last;
    String sign = change > 0 ? "+" : change < 0 ? "\u2212" : "";
    String mood = !riseIsWorse || change == 0 ? "" : change > 0 ? " worse" : " better";
    h.append(mood).append("\">");
    if (change == 0) {
      h.append("same as last week (");
    } else {
      h.append(change > 0 ? "\u25B2 " : "\u25BC ")
          .append(sign)
          .append(money ? "$" + money(Math.abs(change)) : count(Math.abs(change)))
          .append(" from ");
    }
    h.append(money ? "$" : "")
        .append("<span data-figure=\"lastWeek.")
        .append(field)
        .append("\">")
        .append(money ? money(last) : count(last))
        .append("</span>")
        .append(change == 0 ? ")" : " last week")
        .append("</div></div>\n");
  }

  /** Two panels over the same weeks: cost (USD a month) and findings, a point per week. */
  private static void trend(StringBuilder h, List<OrgReport.TrendPoint> trend) {
    if (trend.isEmpty()) {
      h.append("<p class=\"more\">No week yet.</p>\n");
      return;
    }
    int panel = 120;
    int costTop = 34;
    int findingsTop = costTop + panel + 62;
    int height = findingsTop + panel + 34;
    h.append("<svg role=\"img\" viewBox=\"0 0 ")
        .append(Chart.WIDTH)
        .append(' ')
        .append(height)
        .append("\" aria-labelledby=\"trend-title\"><title id=\"trend-title\">")
        .append("Monthly cost left behind and standing findings, week by week</title>\n");
    Chart.series(
        h,
        "cost",
        "Monthly cost left behind (USD)",
        trend,
        OrgReport.TrendPoint::monthlyCostUsd,
        costTop,
        panel,
        true);
    Chart.series(
        h, "findings", "Standing findings", trend, p -> p.findings(), findingsTop, panel, false);
    for (int i = 0; i < trend.size(); i++) {
      h.append("<text x=\"")
          .append(Chart.x(i, trend.size()))
          .append("\" y=\"")
          .append(findingsTop + panel + 22)
          .append("\" text-anchor=\"middle\">")
          .append(esc(trend.get(i).week()))
          .append("</text>\n");
    }
    h.append("</svg>\n<details><summary>The same as a table</summary><table><thead><tr>")
        .append("<th>Week</th><th class=\"n\">Monthly cost (USD)</th><th class=\"n\">Findings</th>")
        .append("</tr></thead><tbody>\n");
    for (int i = 0; i < trend.size(); i++) {
      OrgReport.TrendPoint p = trend.get(i);
      h.append("<tr>");
      td(h, "", "trend." + i + ".week", esc(p.week()));
      td(h, "n", "trend." + i + ".monthlyCostUsd", money(p.monthlyCostUsd()));
      td(h, "n", "trend." + i + ".findings", count(p.findings()));
      h.append("</tr>\n");
    }
    h.append("</tbody></table></details>\n");
  }

  private static void missing(StringBuilder h, List<OrgReport.Missing> missing) {
    section(h, "missing", "Missing accounts and Regions", missing.size() + " with no report");
    if (missing.isEmpty()) {
      h.append("<p class=\"none\">None: every account reported every Region.</p>\n</section>\n");
      return;
    }
    h.append("<table><thead><tr><th>Account</th><th>Name</th><th>Regions with no report</th>")
        .append("</tr></thead><tbody>\n");
    int i = 0;
    while (i < missing.size()) {
      OrgReport.Missing first = missing.get(i);
      h.append("<tr>");
      td(h, "", "missing." + i + ".account", esc(first.account()));
      h.append("<td>").append(esc(first.accountName())).append("</td><td>");
      while (i < missing.size() && missing.get(i).account().equals(first.account())) {
        h.append("<span class=\"pill\" data-figure=\"missing.")
            .append(i)
            .append(".region\">")
            .append(esc(missing.get(i).region()))
            .append("</span>");
        i++;
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  private static void orphans(StringBuilder h, OrgReport report) {
    List<MemberReport.Orphan> orphans = report.orphans();
    section(
        h,
        "orphans",
        "Costliest orphans",
        orphans.size() <= ORPHANS_SHOWN
            ? count(orphans.size()) + " left behind"
            : "the first " + ORPHANS_SHOWN + " of " + count(orphans.size()));
    if (orphans.isEmpty()) {
      h.append("<p class=\"none\">None: nothing left behind.</p>\n</section>\n");
      return;
    }
    h.append("<table><thead><tr><th class=\"n\">USD a month</th><th>Account</th><th>Region</th>")
        .append("<th>Resource</th><th>Cleanup</th></tr></thead><tbody>\n");
    for (int i = 0; i < Math.min(ORPHANS_SHOWN, orphans.size()); i++) {
      MemberReport.Orphan o = orphans.get(i);
      String at = "orphans." + i + ".";
      h.append("<tr>");
      td(h, "n", at + "monthlyCostUsd", money(o.monthlyCostUsd()));
      td(h, "", at + "account", esc(o.account()));
      td(h, "", at + "region", esc(o.region()));
      h.append("<td>")
          .append(esc(o.name()))
          .append("<div class=\"arn\" data-figure=\"")
          .append(at)
          .append("arn\">")
          .append(esc(o.arn()))
          .append("</div></td><td>");
      o.cleanup().forEach(c -> h.append("<code>").append(esc(c)).append("</code>"));
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    more(h, orphans.size() - ORPHANS_SHOWN, "orphans");
    h.append("</section>\n");
  }

  private static void byRule(StringBuilder h, Map<String, Integer> byRule) {
    int total = byRule.values().stream().mapToInt(Integer::intValue).sum();
    section(h, "rules", "Findings by rule", count(total) + " standing");
    if (byRule.isEmpty()) {
      h.append("<p class=\"none\">None: no standing finding.</p>\n</section>\n");
      return;
    }
    int most = byRule.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    h.append("<table><thead><tr><th>Rule</th><th class=\"n\">Findings</th><th style=\"width:60%\">")
        .append("</th></tr></thead><tbody>\n");
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(byRule.entrySet());
    entries.sort(
        Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    for (Map.Entry<String, Integer> e : entries) {
      h.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td>")
          .append("<td class=\"n\" data-figure=\"findingsByRule.")
          .append(esc(e.getKey()))
          .append("\">")
          .append(count(e.getValue()))
          .append("</td><td><div class=\"bar\" style=\"width:")
          .append(String.format(Locale.ROOT, "%.1f", 100.0 * e.getValue() / Math.max(1, most)))
          .append("%\"></div></td></tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  private static void exemptions(StringBuilder h, List<MemberReport.Exemption> exemptions) {
    section(h, "exemptions", "Exemptions to look at", count(exemptions.size()));
    if (exemptions.isEmpty()) {
      h.append("<p class=\"none\">None: no exemption lapsed, lapses within two weeks or")
          .append(" cannot be honoured.</p>\n</section>\n");
      return;
    }
    h.append("<table><thead><tr><th>Account</th><th>Region</th><th>Resource</th><th>State</th>")
        .append("<th>Tag</th></tr></thead><tbody>\n");
    for (int i = 0; i < Math.min(LISTED, exemptions.size()); i++) {
      MemberReport.Exemption e = exemptions.get(i);
      String at = "exemptions." + i + ".";
      h.append("<tr>");
      td(h, "", at + "account", esc(e.account()));
      td(h, "", at + "region", esc(e.region()));
      h.append("<td class=\"arn\">")
          .append(esc(e.resource()))
          .append("</td><td>")
          .append(esc(e.state()))
          .append("</td><td><code>")
          .append(esc(e.tag()))
          .append("</code></td></tr>\n");
    }
    h.append("</tbody></table>\n");
    more(h, exemptions.size() - LISTED, "exemptions");
    h.append("</section>\n");
  }

  private static void damaged(StringBuilder h, List<OrgReport.Damaged> damaged) {
    section(h, "damaged", "Damaged reports", count(damaged.size()) + " could not be read");
    if (damaged.isEmpty()) {
      h.append("<p class=\"none\">None: every report could be read.</p>\n</section>\n");
      return;
    }
    h.append("<table><thead><tr><th>Object</th><th>Why</th></tr></thead><tbody>\n");
    for (int i = 0; i < Math.min(LISTED, damaged.size()); i++) {
      OrgReport.Damaged d = damaged.get(i);
      h.append("<tr>");
      td(h, "arn", "damaged." + i + ".key", esc(d.key()));
      h.append("<td>").append(esc(d.reason())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    more(h, damaged.size() - LISTED, "damaged objects");
    h.append("</section>\n");
  }

  private static void rows(StringBuilder h, List<OrgReport.Row> rows) {
    section(h, "rows", "Accounts and Regions", count(rows.size()) + " reports");
    if (rows.isEmpty()) {
      h.append("<p class=\"more\">No report this week.</p>\n</section>\n");
      return;
    }
    h.append("<table><thead><tr><th>Account</th><th>Name</th><th>Region</th><th>Sweep</th>")
        .append("<th class=\"n\">USD a month</th><th class=\"n\">Orphans</th>")
        .append("<th class=\"n\">Findings</th></tr></thead><tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      OrgReport.Row r = rows.get(i);
      String at = "reports." + i + ".";
      h.append(r.complete() ? "<tr>" : "<tr class=\"incomplete\">");
      td(h, "", at + "account", esc(r.account()));
      h.append("<td>").append(esc(r.accountName())).append("</td>");
      td(h, "", at + "region", esc(r.region()));
      h.append(r.complete() ? "<td>complete</td>" : "<td class=\"worse\">incomplete</td>");
      td(h, "n", at + "monthlyCostUsd", money(r.monthlyCostUsd()));
      td(h, "n", at + "orphans", count(r.orphans()));
      td(h, "n", at + "findings", count(r.findings()));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  private static void section(StringBuilder h, String id, String title, String note) {
    h.append("<section id=\"")
        .append(id)
        .append("\">\n<h2>")
        .append(title)
        .append("<small>")
        .append(note)
        .append("</small></h2>\n");
  }

  private static void more(StringBuilder h, int more, String what) {
    if (more > 0) {
      h.append("<p class=\"more\">")
          .append(count(more))
          .append(" more ")
          .append(what)
          .append(" in org-report.json.</p>\n");
    }
  }

  /** A cell holding one figure; {@code text} is already escaped. */
  private static void td(StringBuilder h, String cls, String path, String text) {
    h.append("<td");
    if (!cls.isEmpty()) {
      h.append(" class=\"").append(cls).append('"');
    }
    h.append(" data-figure=\"").append(path).append("\">").append(text).append("</td>");
  }

  /** Money to the cent with thousands separators: {@code 1,234.50}. */
  static String money(double usd) {
    return String.format(Locale.ROOT, "%,.2f", usd);
  }

  static String count(double n) {
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  /** Text from a member account, inert: on one line, no bidirectional mark, HTML-escaped. */
  static String esc(Object untrusted) {
    String s = UntrustedText.oneLine(untrusted);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The trend's SVG: a panel per series over the same x positions. */
  private static final class Chart {

    static final int WIDTH = 1120;
    private static final int LEFT = 84;
    private static final int RIGHT = WIDTH - 60;

    private Chart() {}

    static String x(int i, int n) {
      double x = n == 1 ? (LEFT + RIGHT) / 2.0 : LEFT + (double) i * (RIGHT - LEFT) / (n - 1);
      return String.format(Locale.ROOT, "%.1f", x);
    }

    static void series(
        StringBuilder h,
        String cls,
        String title,
        List<OrgReport.TrendPoint> trend,
        ToDoubleFunction<OrgReport.TrendPoint> value,
        int top,
        int height,
        boolean money) {
      double lo = 0;
      double hi = 0;
      for (OrgReport.TrendPoint p : trend) {
        lo = Math.min(lo, value.applyAsDouble(p));
        hi = Math.max(hi, value.applyAsDouble(p));
      }
      hi = niceCeiling(hi, money);
      lo = lo < 0 ? -niceCeiling(-lo, money) : 0;
      double low = lo;
      double span = hi - lo;
      ToDoubleFunction<Double> y = v -> top + height - (v - low) / span * height;
      h.append("<g>\n<circle class=\"")
          .append(cls)
          .append("\" cx=\"")
          .append(LEFT + 5)
          .append("\" cy=\"")
          .append(top - 18)
          .append("\" r=\"5\"/><text class=\"head\" x=\"")
          .append(LEFT + 16)
          .append("\" y=\"")
          .append(top - 14)
          .append("\">")
          .append(title)
          .append("</text>\n");
      for (double tick : new double[] {lo, (lo + hi) / 2, hi}) {
        String ty = fixed(y.applyAsDouble(tick));
        h.append("<line class=\"grid\" x1=\"")
            .append(LEFT)
            .append("\" x2=\"")
            .append(RIGHT)
            .append("\" y1=\"")
            .append(ty)
            .append("\" y2=\"")
            .append(ty)
            .append("\"/><text x=\"")
            .append(LEFT - 10)
            .append("\" y=\"")
            .append(ty)
            .append("\" dy=\"4\" text-anchor=\"end\">")
            .append(axis(tick, money))
            .append("</text>\n");
      }
      int n = trend.size();
      if (n > 1) {
        h.append("<polyline class=\"").append(cls).append("\" points=\"");
        for (int i = 0; i < n; i++) {
          h.append(i == 0 ? "" : " ")
              .append(x(i, n))
              .append(',')
              .append(fixed(y.applyAsDouble(value.applyAsDouble(trend.get(i)))));
        }
        h.append("\"/>\n");
      }
      for (int i = 0; i < n; i++) {
        OrgReport.TrendPoint p = trend.get(i);
        double v = value.applyAsDouble(p);
        h.append("<circle class=\"")
            .append(cls)
            .append("\" data-week=\"")
            .append(esc(p.week()))
            .append("\" cx=\"")
            .append(x(i, n))
            .append("\" cy=\"")
            .append(fixed(y.applyAsDouble(v)))
            .append("\" r=\"")
            .append(i == n - 1 ? 5.5 : 4)
            .append("\"><title>")
            .append(esc(p.week()))
            .append(": ")
            .append(money ? "$" + money(v) + " a month" : count(v) + " findings")
            .append("</title></circle>\n");
      }
      double last = value.applyAsDouble(trend.get(n - 1));
      h.append("<text class=\"now ")
          .append(cls)
          .append("\" x=\"")
          .append(x(n - 1, n))
          .append("\" y=\"")
          .append(fixed(y.applyAsDouble(last) - 12))
          .append("\" text-anchor=\"")
          .append(n == 1 ? "middle" : "end")
          .append("\">")
          .append(money ? "$" + money(last) : count(last))
          .append("</text>\n</g>\n");
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code max}; whole for counts. */
    static double niceCeiling(double max, boolean money) {
      if (max <= 0) {
        return money ? 1 : 2;
      }
      double base = Math.pow(10, Math.floor(Math.log10(max)));
      for (double f : money ? new double[] {1, 2, 2.5, 5, 10} : new double[] {1, 2, 4, 5, 10}) {
        double nice = f * base;
        if (nice >= max && (money || (nice >= 2 && nice % 2 == 0))) {
          return nice;
        }
      }
      return money ? 10 * base : Math.max(2, Math.ceil(max / 2) * 2);
    }

    private static String axis(double v, boolean money) {
      String number =
          v == Math.rint(v)
              ? String.format(Locale.ROOT, "%,.0f", v)
              : String.format(Locale.ROOT, money ? "%,.2f" : "%,.1f", v);
      return money ? "$" + number : number;
    }

    private static String fixed(double v) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
  }
}
