package dev.ecsguardrail.org;

import java.util.Locale;

/**
 * The org report as CSV ({@code weekly/<week>/org-report.csv}): one line per account and Region,
 * those that reported, were damaged or are missing, for a spreadsheet (RFC 4180 quoting).
 */
public final class OrgReportCsv {

  static final String HEADER =
      "week,account,accountName,region,status,complete,monthlyCostUsd,orphans,findings";

  private OrgReportCsv() {}

  public static String write(OrgReport report) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    String week = report.week();
    for (OrgReport.Row r : report.rows()) {
      line(
          csv,
          week,
          r.account(),
          r.accountName(),
          r.region(),
          "reported",
          String.valueOf(r.complete()),
          String.format(Locale.ROOT, "%.2f", r.monthlyCostUsd()),
          String.valueOf(r.orphans()),
          String.valueOf(r.findings()));
    }
    for (OrgReport.Damaged d : report.damaged()) {
      WeeklyKey key = WeeklyKey.parse(d.key()).orElse(null);
      line(
          csv,
          week,
          key == null ? "" : key.account(),
          "",
          key == null ? "" : key.region(),
          "damaged: " + d.reason(),
          "",
          "",
          "",
          "");
    }
    for (OrgReport.Missing m : report.missing()) {
      line(csv, week, m.account(), m.accountName(), m.region(), "missing", "", "", "", "");
    }
    return csv.toString();
  }

  private static void line(StringBuilder csv, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(quoted(fields[i]));
    }
    csv.append("\r\n");
  }

  /** RFC 4180; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it. */
  static String quoted(String field) {
    String safe = field.matches("^[=+\\-@].*") ? "'" + field : field;
    return safe.matches(".*[\",\r\n].*") || !safe.equals(field)
        ? "\"" + safe.replace("\"", "\"\"") + "\""
        : safe;
  }
}
