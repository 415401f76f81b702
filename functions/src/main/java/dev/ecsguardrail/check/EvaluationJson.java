package dev.ecsguardrail.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.rules.Finding;

/** The JSON form of an {@link Evaluation}: one shape for the command line, SNS and the logs. */
public final class EvaluationJson {

  private EvaluationJson() {}

  public static ObjectNode toJson(Evaluation evaluation) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("eventId", evaluation.eventId());
    root.put("kind", evaluation.kind());
    root.put("evaluable", evaluation.evaluable());
    root.put("reason", evaluation.reason());
    ArrayNode findings = root.putArray("findings");
    for (Finding f : evaluation.findings()) {
      ObjectNode node = findings.addObject();
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
    }
    return root;
  }

  public static String toPrettyString(Evaluation evaluation) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toJson(evaluation));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an evaluation always serializes", e);
    }
  }
}
