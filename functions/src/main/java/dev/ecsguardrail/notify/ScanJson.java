package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.SweepResult;

/**
 * A sweep as JSON: {@code {"complete", "skipped", "orphans": [...], "totalMonthlyCostUsd",
 * "findings": [...]}}, what {@code bin/ecs-guardrail scan} prints and SQS subscribers of the digest
 * receive.
 */
public final class ScanJson {

  private ScanJson() {}

  public static ObjectNode toJson(SweepResult sweep) {
    return toJson(sweep, Integer.MAX_VALUE);
  }

  /**
   * With at most {@code limit} orphans and standing findings listed; {@code omittedOrphans} and
   * {@code omittedFindings} say how many were left out (the totals always count them all).
   */
  public static ObjectNode toJson(SweepResult sweep, int limit) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("account", sweep.account());
    root.put("region", sweep.region());
    root.put("complete", sweep.complete());
    ArrayNode skipped = root.putArray("skipped");
    sweep.skipped().forEach(skipped::add);
    ArrayNode orphans = root.putArray("orphans");
    sweep.orphans().stream().limit(limit).forEach(o -> orphans.add(orphan(o)));
    if (limit < sweep.orphans().size()) {
      root.put("omittedOrphans", sweep.orphans().size() - limit);
    }
    root.put("totalMonthlyCostUsd", sweep.totalMonthlyCostUsd());
    if (sweep.alarms() != null) {
      root.putObject("alarms")
          .put("count", sweep.alarms())
          .put("monthlyCostUsd", sweep.alarmsMonthlyCostUsd());
    }
    root.put("checkedServices", sweep.checkedServices());
    ArrayNode findings = root.putArray("findings");
    sweep.findings().stream().limit(limit).forEach(v -> findings.add(DecisionJson.verdict(v)));
    if (limit < sweep.findings().size()) {
      root.put("omittedFindings", sweep.findings().size() - limit);
    }
    ArrayNode exemptions = root.putArray("exemptions");
    sweep
        .exemptions()
        .forEach(
            e ->
                exemptions
                    .addObject()
                    .put("resource", e.resource())
                    .put("state", e.state())
                    .put("tag", e.exemption().describe()));
    return root;
  }

  public static ObjectNode orphan(Orphan o) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("kind", o.kind());
    node.put("arn", o.arn());
    node.put("name", o.name());
    node.put("namespaceType", o.namespaceType());
    node.put("services", o.services());
    node.put("instances", o.instances());
    node.put("monthlyCostUsd", o.monthlyCostUsd());
    node.put("reason", o.reason());
    ArrayNode cleanup = node.putArray("cleanup");
    o.cleanup().forEach(cleanup::add);
    return node;
  }
}
