package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.Severity;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A decision as the CloudFormation Lambda hook's response: {@code SUCCESS}, or {@code FAILED} with
 * {@code NonCompliant} (an alerted finding at or above the fail-on severity) or {@code
 * InternalFailure} (the request or its context could not be read, or a rule could not run: never
 * compliant by default). The message (at most 4,096 characters, CloudFormation's limit) names the
 * rules, the resource and what to do; one annotation per rule. Text from the request is made one
 * line and cut, as in every alert.
 */
public final class HookResponse {

  /** CloudFormation truncates the message there. */
  static final int MESSAGE_LIMIT = 4096;

  /** Annotation fields have no documented limit: kept short. */
  private static final int ANNOTATION_LIMIT = 1000;

  public enum Status {
    SUCCESS,
    NON_COMPLIANT,
    INTERNAL_FAILURE
  }

  private HookResponse() {}

  public static Status status(Decision decision, Severity failOn) {
    Evaluation e = decision.evaluation();
    boolean partly =
        e.resources().stream().anyMatch(r -> r.status() != ResourceReport.Status.EVALUATED);
    if (!e.evaluable() || partly) {
      return Status.INTERNAL_FAILURE;
    }
    return failing(decision, failOn).isEmpty() ? Status.SUCCESS : Status.NON_COMPLIANT;
  }

  public static ObjectNode toJson(Decision decision, Severity failOn) {
    Evaluation e = decision.evaluation();
    Status status = status(decision, failOn);
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("hookStatus", status == Status.SUCCESS ? "SUCCESS" : "FAILED");
    if (status != Status.SUCCESS) {
      root.put("errorCode", status == Status.NON_COMPLIANT ? "NonCompliant" : "InternalFailure");
    }
    root.put("message", UntrustedText.cut(message(decision, status, failOn), MESSAGE_LIMIT));
    root.put("clientRequestToken", e.eventId());
    ArrayNode annotations = root.putArray("annotations");
    for (ResourceReport r : e.resources()) {
      for (String ruleId : r.rulesRun()) {
        RuleInfo rule = RuleCatalog.info(ruleId).orElseThrow();
        List<Verdict> verdicts =
            decision.verdicts().stream().filter(v -> v.finding().ruleId().equals(ruleId)).toList();
        ObjectNode a = annotation(annotations, rule);
        if (verdicts.isEmpty()) {
          a.put("status", "PASSED").put("statusMessage", "no finding");
          continue;
        }
        Verdict v = verdicts.getFirst();
        a.put("status", v.outcome().alerted() ? "FAILED" : "SKIPPED")
            .put("statusMessage", cut(v.finding().message() + " (" + v.reason() + ")"))
            .put("remediationMessage", cut(v.finding().remediation()));
      }
      r.rulesNotRun()
          .forEach(
              (ruleId, why) ->
                  annotation(annotations, RuleCatalog.info(ruleId).orElseThrow())
                      .put("status", "SKIPPED")
                      .put("statusMessage", cut("not run: " + why)));
    }
    if (annotations.isEmpty()) {
      root.remove("annotations");
    }
    return root;
  }

  public static String toPrettyString(Decision decision, Severity failOn) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toJson(decision, failOn));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a hook response always serializes", e);
    }
  }

  private static ObjectNode annotation(ArrayNode annotations, RuleInfo rule) {
    return annotations
        .addObject()
        .put("annotationName", rule.id())
        .put("remediationLink", rule.link())
        .put("severityLevel", rule.severity().name());
  }

  private static List<Verdict> failing(Decision decision, Severity failOn) {
    return decision.alerted().stream().filter(v -> v.finding().severity().atLeast(failOn)).toList();
  }

  private static String message(Decision decision, Status status, Severity failOn) {
    Evaluation e = decision.evaluation();
    String others =
        decision.alerted().stream()
            .filter(v -> !v.finding().severity().atLeast(failOn))
            .map(v -> describe(v.finding()))
            .collect(Collectors.joining(" "));
    String below = others.isEmpty() ? "" : " Below " + failOn + ", reported only: " + others;
    return switch (status) {
      case INTERNAL_FAILURE ->
          "ecs-guardrail could not check this service, so it is not let through: "
              + UntrustedText.oneLine(e.reason());
      case NON_COMPLIANT ->
          "ecs-guardrail refuses this service: "
              + failing(decision, failOn).stream()
                  .map(v -> describe(v.finding()))
                  .collect(Collectors.joining(" "))
              + below;
      case SUCCESS -> "ecs-guardrail: " + UntrustedText.oneLine(e.reason()) + "." + below;
    };
  }

  private static String describe(Finding f) {
    return UntrustedText.oneLine(
        f.ruleId()
            + " ("
            + f.severity()
            + ") on "
            + f.resource()
            + ": "
            + f.message()
            + " What to do: "
            + f.remediation());
  }

  private static String cut(String text) {
    return UntrustedText.cut(UntrustedText.oneLine(text), ANNOTATION_LIMIT);
  }
}
