package dev.ecsguardrail.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The org report as JSON ({@code weekly/<week>/org-report.json}): everything, for people and tools;
 * next week's run reads its totals and trend back ({@link #history}).
 */
public final class OrgReportJson {

  private OrgReportJson() {}

  public static ObjectNode write(OrgReport report) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("week", report.week());
    root.set("totals", totals(report.totals()));
    report.lastWeek().ifPresent(t -> root.set("lastWeek", totals(t)));
    ArrayNode rows = root.putArray("reports");
    report
        .rows()
        .forEach(
            r ->
                rows.addObject()
                    .put("account", r.account())
                    .put("accountName", r.accountName())
                    .put("region", r.region())
                    .put("complete", r.complete())
                    .put("monthlyCostUsd", r.monthlyCostUsd())
                    .put("orphans", r.orphans())
                    .put("findings", r.findings()));
    ArrayNode missing = root.putArray("missing");
    report
        .missing()
        .forEach(
            m ->
                missing
                    .addObject()
                    .put("account", m.account())
                    .put("accountName", m.accountName())
                    .put("region", m.region()));
    ArrayNode damaged = root.putArray("damaged");
    report
        .damaged()
        .forEach(d -> damaged.addObject().put("key", d.key()).put("reason", d.reason()));
    ArrayNode orphans = root.putArray("orphans");
    for (MemberReport.Orphan o : report.orphans()) {
      ObjectNode node =
          orphans
              .addObject()
              .put("account", o.account())
              .put("region", o.region())
              .put("name", o.name())
              .put("arn", o.arn())
              .put("monthlyCostUsd", o.monthlyCostUsd());
      ArrayNode cleanup = node.putArray("cleanup");
      o.cleanup().forEach(cleanup::add);
    }
    ObjectNode byRule = root.putObject("findingsByRule");
    report.findingsByRule().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> byRule.put(e.getKey(), e.getValue()));
    ArrayNode exemptions = root.putArray("exemptions");
    report
        .exemptions()
        .forEach(
            e ->
                exemptions
                    .addObject()
                    .put("account", e.account())
                    .put("region", e.region())
                    .put("resource", e.resource())
                    .put("state", e.state())
                    .put("tag", e.tag()));
    ArrayNode trend = root.putArray("trend");
    report
        .trend()
        .forEach(
            p ->
                trend
                    .addObject()
                    .put("week", p.week())
                    .put("monthlyCostUsd", p.monthlyCostUsd())
                    .put("findings", p.findings()));
    return root;
  }

  /**
   * Last week's totals and trend, from its org-report.json.
   *
   * @throws MalformedEventException when it is not such a report
   */
  public static OrgReport.History history(byte[] json, String key) {
    JsonNode root = StrictJson.parse(json, key);
    JsonNode totals = root.get("totals");
    JsonNode trend = root.get("trend");
    if (totals == null || !totals.isObject() || trend == null || !trend.isArray()) {
      throw new MalformedEventException(key + " has no totals or trend");
    }
    List<OrgReport.TrendPoint> points = new ArrayList<>();
    trend.forEach(
        p ->
            points.add(
                new OrgReport.TrendPoint(
                    p.path("week").asText(),
                    p.path("monthlyCostUsd").asDouble(),
                    p.path("findings").asInt())));
    return new OrgReport.History(
        new OrgReport.Totals(
            totals.path("accounts").asInt(),
            totals.path("reports").asInt(),
            totals.path("incomplete").asInt(),
            totals.path("monthlyCostUsd").asDouble(),
            totals.path("orphans").asInt(),
            totals.path("findings").asInt()),
        points);
  }

  private static ObjectNode totals(OrgReport.Totals t) {
    return StrictJson.MAPPER
        .createObjectNode()
        .put("accounts", t.accounts())
        .put("reports", t.reports())
        .put("incomplete", t.incomplete())
        .put("monthlyCostUsd", t.monthlyCostUsd())
        .put("orphans", t.orphans())
        .put("findings", t.findings());
  }
}
