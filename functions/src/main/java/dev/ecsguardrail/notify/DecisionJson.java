package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import java.util.List;

/** The JSON form of a {@link Decision}: one shape for the command line, SQS, the handler reply. */
public final class DecisionJson {

  private DecisionJson() {}

  public static ObjectNode toJson(Decision decision) {
    return toJson(decision, decision.verdicts(), 0);
  }

  /**
   * @param verdicts the verdicts to list (a notification may have to leave some out)
   * @param omitted how many were left out
   */
  static ObjectNode toJson(Decision decision, List<Verdict> verdicts, int omitted) {
    Evaluation evaluation = decision.evaluation();
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("eventId", evaluation.eventId());
    root.put("kind", evaluation.kind());
    root.put("evaluable", evaluation.evaluable());
    root.put("reason", evaluation.reason());
    ServiceChange change = evaluation.change();
    if (change != null) {
      ObjectNode call = root.putObject("call");
      call.put("eventName", change.eventName());
      call.put("eventTime", String.valueOf(change.eventTime()));
      call.put("account", change.account());
      call.put("region", change.region());
      call.put("principal", change.caller().principal());
      call.put("tool", change.caller().tool());
      if (change.evaluated() != null) {
        call.put("resource", change.evaluated().resource());
      }
    }
    ArrayNode findings = root.putArray("findings");
    if (omitted > 0) {
      root.put("omittedFindings", omitted);
    }
    verdicts.forEach(v -> findings.add(verdict(v)));
    decision
        .blockAction()
        .ifPresent(
            block -> {
              ObjectNode node = root.putObject("block");
              node.put("serviceArn", block.serviceArn());
              node.put("ruleIds", block.tagValue());
              node.put("result", decision.actionResult());
              block.undo().forEach(node.putArray("undo")::add);
            });
    return root;
  }

  /** One finding with the policy's verdict on it. */
  static ObjectNode verdict(Verdict verdict) {
    Finding f = verdict.finding();
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("ruleId", f.ruleId());
    node.put("title", f.title());
    node.put("severity", f.severity().name());
    node.put("resource", f.resource());
    node.put("path", f.path());
    node.put("rejectedByEcs", f.rejectedByEcs());
    node.put("message", f.message());
    node.put("remediation", f.remediation());
    node.put("link", f.link());
    if (f.monthlyCostUsd() != null) {
      node.put("monthlyCostUsd", f.monthlyCostUsd());
    }
    node.put("verdict", verdict.outcome().label());
    node.put("verdictReason", verdict.reason());
    return node;
  }

  public static String toPrettyString(Decision decision) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toJson(decision));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decision always serializes", e);
    }
  }
}
