package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.PartialEvaluation;
import dev.ecsguardrail.policy.RuleNotRun;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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
    Call call = evaluation.call();
    if (call != null) {
      ObjectNode node = root.putObject("call");
      node.put("eventName", call.eventName());
      node.put("eventTime", String.valueOf(call.eventTime()));
      node.put("account", call.account());
      node.put("region", call.region());
      node.put("principal", call.caller().principal());
      node.put("tool", call.caller().tool());
      if (call.resource() != null) {
        node.put("resource", call.resource());
      }
    }
    ArrayNode findings = root.putArray("findings");
    if (omitted > 0) {
      root.put("omittedFindings", omitted);
    }
    verdicts.forEach(v -> findings.add(verdict(v)));
    if (!evaluation.resources().isEmpty()) {
      ArrayNode resources = root.putArray("resources");
      for (ResourceReport r : evaluation.resources()) {
        ObjectNode node = resources.addObject();
        node.put("address", r.address());
        node.put("type", r.type());
        location(node, r.location());
        node.put("status", r.status().label());
        node.put("reason", r.reason());
        r.rulesRun().forEach(node.putArray("rulesRun")::add);
        if (!r.rulesNotRun().isEmpty()) {
          ObjectNode notRun = node.putObject("rulesNotRun");
          r.rulesNotRun().forEach(notRun::put);
        }
      }
    }
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

  /**
   * The decision as {@code check} prints it: with the rules that could not run, resource by
   * resource, what each needs, how to provide it, and whether that fails the check.
   */
  public static ObjectNode toJson(Decision decision, FailOn failOn) {
    ObjectNode root = toJson(decision);
    List<PartialEvaluation> partial = PartialEvaluation.of(decision.evaluation());
    if (partial.isEmpty()) {
      return root;
    }
    ObjectNode notRun = root.putObject("notRun");
    notRun.put("failsCheck", failOn.failsOnRulesNotRun(decision));
    ArrayNode resources = notRun.putArray("resources");
    for (PartialEvaluation p : partial) {
      ObjectNode node = resources.addObject();
      node.put("address", p.resource().address());
      location(node, p.resource().location());
      node.put("message", p.summary());
      node.put("failsCheck", failOn.fails(p));
      ArrayNode rules = node.putArray("rules");
      for (RuleNotRun r : p.rules()) {
        rules
            .addObject()
            .put("ruleId", r.rule().id())
            .put("severity", r.rule().severity().name())
            .put("reason", r.why())
            .put("provide", r.howToProvide())
            .put("failsCheck", failOn.fails(r));
      }
    }
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
    location(node, f.location());
    node.put("verdict", verdict.outcome().label());
    node.put("verdictReason", verdict.reason());
    if (!f.details().isEmpty()) {
      node.set("details", value(f.details()));
    }
    return node;
  }

  private static void location(ObjectNode node, SourceLocation location) {
    if (location != null) {
      ObjectNode at =
          node.putObject("location").put("file", location.file()).put("line", location.line());
      if (location.column() > 0) {
        at.put("column", location.column());
      }
    }
  }

  /**
   * A finding's details as JSON: by hand, not through databind's bean serializers, which would add
   * their set-up to the first alert of every cold start.
   */
  private static JsonNode value(Object value) {
    return switch (value) {
      case null -> NullNode.getInstance();
      case String s -> TextNode.valueOf(s);
      case Boolean b -> BooleanNode.valueOf(b);
      case Integer i -> IntNode.valueOf(i);
      case Long l -> LongNode.valueOf(l);
      case Double d -> DoubleNode.valueOf(d);
      case BigDecimal d -> DecimalNode.valueOf(d);
      case List<?> list -> {
        ArrayNode array = StrictJson.MAPPER.createArrayNode();
        list.forEach(v -> array.add(value(v)));
        yield array;
      }
      case Map<?, ?> map -> {
        ObjectNode object = StrictJson.MAPPER.createObjectNode();
        map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
        yield object;
      }
      default -> TextNode.valueOf(value.toString());
    };
  }

  static String toPrettyString(Decision decision, FailOn failOn) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toJson(decision, failOn));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decision always serializes", e);
    }
  }
}
