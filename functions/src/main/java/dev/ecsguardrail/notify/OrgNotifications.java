package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The organization's one weekly digest: totals and the change since last week, the costliest
 * orphans with their cleanup commands, findings by rule, the accounts and Regions that did not
 * report (by name), damaged reports and exemptions to look at; the top entries only, with links to
 * the full report written beside the inputs.
 */
public final class OrgNotifications {

  /** How many of each list the e-mail and the chat message show. */
  static final int TOP = 10;

  /**
   * Missing pairs and unreadable reports are named up to this many each (the full lists are in the
   * report): a week where every member's report is missing or unreadable (1,000 accounts in 17
   * Regions) must still fit one SNS message, uncut.
   */
  static final int SHOWN = 50;

  /**
   * Cleanup commands shown per orphan (the rest are in the report): an orphan's list has a command
   * per instance left registered, and the costliest orphans have the most.
   */
  static final int CLEANUP_SHOWN = 3;

  private OrgNotifications() {}

  /**
   * @param links where the full report is: {@code html}, {@code json}, {@code csv} to a URL
   */
  public static Notification digest(OrgReport report, Map<String, String> links) {
    OrgReport.Totals t = report.totals();
    // The missing first and no more than the e-mail's first line says: SNS takes 100 characters,
    // and "1 of 3 reports missing" last was cut already in an organization of three accounts.
    String headline =
        String.format(
            Locale.ROOT,
            "%d missing, $%.2f/month left behind, %d findings",
            report.missing().size(),
            t.monthlyCostUsd(),
            t.findings());
    String subject = "ecs-guardrail organization digest " + report.week() + ": " + headline;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", "org-digest");
    attributes.put(
        "severity", report.missing().isEmpty() && report.damaged().isEmpty() ? "NONE" : "UNKNOWN");
    attributes.put("account", "all");
    attributes.put("region", "all");
    attributes.put("cluster", "all");
    attributes.put("service", "all");
    List<String> ruleIds = List.copyOf(new java.util.TreeSet<>(report.findingsByRule().keySet()));
    String chat =
        ChatMessage.custom(
                ":bar_chart: ecs-guardrail organization digest · " + report.week(),
                chat(report),
                links.containsKey("html")
                    ? List.of("The full report: " + ChatMessage.md(links.get("html")))
                    : List.of(),
                ruleIds,
                "ecs-guardrail/org-digest",
                subject,
                "org-digest",
                report.orphans().stream().limit(TOP).map(MemberReport.Orphan::arn).toList())
            .toString();
    ObjectNode json = summary(report, links);
    return new Notification(
            NotificationRenderer.oneLine(subject),
            chat,
            email(report, links),
            json.toString(),
            attributes,
            ruleIds)
        .fitting(NotificationRenderer.MAX_SNS_BYTES);
  }

  /** The JSON for SQS subscribers: the report's totals and short lists, and where the rest is. */
  static ObjectNode summary(OrgReport report, Map<String, String> links) {
    ObjectNode full = OrgReportJson.write(report);
    ObjectNode json = StrictJson.MAPPER.createObjectNode();
    json.put("week", report.week());
    json.set("totals", full.get("totals"));
    if (full.has("lastWeek")) {
      json.set("lastWeek", full.get("lastWeek"));
    }
    json.set("findingsByRule", full.get("findingsByRule"));
    json.set("missing", firstOf((ArrayNode) full.get("missing"), SHOWN));
    json.put("missingCount", report.missing().size());
    json.set("damaged", firstOf((ArrayNode) full.get("damaged"), SHOWN));
    json.put("damagedCount", report.damaged().size());
    ArrayNode orphans = firstOf((ArrayNode) full.get("orphans"), TOP);
    for (JsonNode orphan : orphans) {
      ArrayNode cleanup = (ArrayNode) orphan.get("cleanup");
      ((ObjectNode) orphan)
          .put("cleanupCount", cleanup.size())
          .set("cleanup", firstOf(cleanup, CLEANUP_SHOWN));
    }
    json.set("orphans", orphans);
    json.set("trend", full.get("trend"));
    ObjectNode where = json.putObject("report");
    links.forEach(where::put);
    return json;
  }

  private static ArrayNode firstOf(ArrayNode all, int n) {
    ArrayNode first = StrictJson.MAPPER.createArrayNode();
    for (int i = 0; i < Math.min(n, all.size()); i++) {
      first.add(all.get(i));
    }
    return first;
  }

  private static String chat(OrgReport report) {
    OrgReport.Totals t = report.totals();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "*%d accounts, %d reports*: $%.2f per month left behind (%d orphans), %d findings",
            t.accounts(),
            t.reports(),
            t.monthlyCostUsd(),
            t.orphans(),
            t.findings()));
    report
        .lastWeek()
        .ifPresent(
            last ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        " (last week $%.2f, %d findings)",
                        last.monthlyCostUsd(),
                        last.findings())));
    if (!report.missing().isEmpty()) {
      out.append("\n*Did not report:* ")
          .append(report.missing().size())
          .append(": ")
          .append(
              String.join(
                  ", ",
                  report.missing().stream()
                      .limit(TOP)
                      .map(
                          m ->
                              ChatMessage.md(name(m.account(), m.accountName()) + " " + m.region()))
                      .toList()))
          .append(report.missing().size() > TOP ? ", ..." : "");
    }
    if (!report.damaged().isEmpty()) {
      out.append("\n*Unreadable reports:* ").append(report.damaged().size());
    }
    return out.toString();
  }

  /** Plain text: the totals, then each list's top entries, then where the full report is. */
  static String email(OrgReport report, Map<String, String> links) {
    OrgReport.Totals t = report.totals();
    StringBuilder out = new StringBuilder();
    out.append("ecs-guardrail organization digest, week ").append(report.week()).append("\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Reports:      %d from %d accounts (%d incomplete), %d missing, %d unreadable%n",
            t.reports(),
            t.accounts(),
            t.incomplete(),
            report.missing().size(),
            report.damaged().size()));
    out.append(
        String.format(
            Locale.ROOT, "Left behind:  %d, $%.2f per month", t.orphans(), t.monthlyCostUsd()));
    report
        .lastWeek()
        .ifPresent(
            last ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        " (last week %d, $%.2f)",
                        last.orphans(),
                        last.monthlyCostUsd())));
    out.append(String.format(Locale.ROOT, "%nFindings:     %d", t.findings()));
    report
        .lastWeek()
        .ifPresent(last -> out.append(" (last week ").append(last.findings()).append(")"));
    out.append("\n");

    if (!report.missing().isEmpty()) {
      out.append("\nDid not report (").append(report.missing().size()).append("):\n");
      report.missing().stream()
          .limit(SHOWN)
          .forEach(
              m ->
                  out.append("  ")
                      .append(UntrustedText.oneLine(name(m.account(), m.accountName())))
                      .append("  ")
                      .append(m.region())
                      .append("\n"));
      if (report.missing().size() > SHOWN) {
        out.append("  ... ")
            .append(report.missing().size() - SHOWN)
            .append(" more in the report\n");
      }
    }
    if (!report.damaged().isEmpty()) {
      out.append("\nUnreadable reports (")
          .append(report.damaged().size())
          .append(", counted as reported, figures not included):\n");
      report.damaged().stream()
          .limit(SHOWN)
          .forEach(
              d ->
                  out.append("  ")
                      .append(UntrustedText.oneLine(d.key()))
                      .append(": ")
                      .append(UntrustedText.oneLine(d.reason()))
                      .append("\n"));
      if (report.damaged().size() > SHOWN) {
        out.append("  ... ")
            .append(report.damaged().size() - SHOWN)
            .append(" more in the report\n");
      }
    }
    if (!report.orphans().isEmpty()) {
      out.append("\nCostliest left behind:\n");
      for (MemberReport.Orphan o : report.orphans().stream().limit(TOP).toList()) {
        out.append(
                String.format(
                    Locale.ROOT,
                    "  $%.2f/month  %s %s  %s%n",
                    o.monthlyCostUsd(),
                    o.account(),
                    o.region(),
                    UntrustedText.oneLine(o.name())))
            .append("    ")
            .append(UntrustedText.oneLine(o.arn()))
            .append("\n");
        o.cleanup().stream()
            .limit(CLEANUP_SHOWN)
            .forEach(c -> out.append("    $ ").append(UntrustedText.oneLine(c)).append("\n"));
        if (o.cleanup().size() > CLEANUP_SHOWN) {
          out.append("    (")
              .append(o.cleanup().size() - CLEANUP_SHOWN)
              .append(" more commands in the report)\n");
        }
      }
    }
    if (!report.findingsByRule().isEmpty()) {
      out.append("\nFindings by rule:\n");
      report.findingsByRule().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  out.append("  ")
                      .append(e.getKey())
                      .append("  ")
                      .append(e.getValue())
                      .append("\n"));
    }
    if (!report.exemptions().isEmpty()) {
      out.append("\nExemptions to look at:\n");
      report.exemptions().stream()
          .limit(TOP)
          .forEach(
              e ->
                  out.append("  ")
                      .append(e.state())
                      .append("  ")
                      .append(e.account())
                      .append(" ")
                      .append(e.region())
                      .append("  ")
                      .append(UntrustedText.oneLine(e.resource()))
                      .append("  ")
                      .append(UntrustedText.oneLine(e.tag()))
                      .append("\n"));
    }
    if (!links.isEmpty()) {
      out.append("\nThe full report:\n");
      links.forEach(
          (kind, url) -> out.append("  ").append(kind).append(": ").append(url).append("\n"));
    }
    return out.toString();
  }

  private static String name(String account, String name) {
    return name == null || name.isEmpty() ? account : name + " (" + account + ")";
  }
}
