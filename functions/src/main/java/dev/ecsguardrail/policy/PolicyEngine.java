package dev.ecsguardrail.policy;

import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.rules.Finding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Applies a {@link Policy} to an evaluation: a verdict per finding, and a block when a finding in
 * {@code enforce} mode concerns a service that exists. Pure.
 */
public final class PolicyEngine {

  /** The user-agent tool of the guardrail's own calls ({@code CallerReader}). */
  static final String OWN_TOOL = "ecs-guardrail";

  private final Policy policy;
  private final boolean enforcementAllowed;

  /**
   * @param enforcementAllowed the stack runs with {@code Mode=enforce}; otherwise {@code enforce}
   *     rules are reported (the function has no permission to act)
   */
  public PolicyEngine(Policy policy, boolean enforcementAllowed) {
    this.policy = policy;
    this.enforcementAllowed = enforcementAllowed;
  }

  public Decision decide(Evaluation evaluation, ResourceTags tags, LocalDate today) {
    ServiceChange change = evaluation.change();
    List<Exemption> exemptions = exemptions(tags);
    String cannotEnforce = whyNotEnforceable(change, tags);
    List<Verdict> verdicts = new ArrayList<>();
    for (Finding finding : evaluation.findings()) {
      verdicts.add(verdict(finding, exemptions, cannotEnforce, today));
    }
    List<String> blockedRules =
        verdicts.stream()
            .filter(v -> v.outcome() == Outcome.ENFORCED)
            .map(v -> v.finding().ruleId())
            .distinct()
            .toList();
    BlockAction block = null;
    if (!blockedRules.isEmpty()) {
      ServiceConfig service = change.result();
      block =
          new BlockAction(
              service.clusterName(),
              service.serviceName(),
              service.serviceArn(),
              service.desiredCount(),
              blockedRules);
    }
    return new Decision(evaluation, verdicts, block, null);
  }

  /**
   * The rule is off, or the tags exempt the resource from it: nothing is said about it. For what
   * follows a finding without being one (the recovery note of an SM001 alarm).
   */
  public boolean silences(String ruleId, ResourceTags tags, LocalDate today) {
    return policy.modeOf(ruleId) == RuleMode.OFF
        || exemptions(tags).stream().anyMatch(e -> e.covers(ruleId, today));
  }

  private static List<Exemption> exemptions(ResourceTags tags) {
    return Stream.of(
            Exemption.fromTags(tags.service(), "service"),
            Exemption.fromTags(tags.cluster(), "cluster"),
            Exemption.fromTags(tags.namespace(), "namespace"))
        .flatMap(Optional::stream)
        .toList();
  }

  private Verdict verdict(
      Finding finding, List<Exemption> exemptions, String cannotEnforce, LocalDate today) {
    RuleMode mode = policy.modeOf(finding.ruleId());
    if (mode == RuleMode.OFF) {
      return new Verdict(finding, Outcome.OFF, "policy: " + finding.ruleId() + " is off");
    }
    for (Exemption exemption : exemptions) {
      if (exemption.covers(finding.ruleId(), today)) {
        return new Verdict(finding, Outcome.EXEMPT, exemption.describe());
      }
    }
    String unusable =
        exemptions.stream()
            .map(e -> e.problem() != null ? e.problem() + ": exemption ignored" : lapsed(e, today))
            .filter(s -> s != null)
            .reduce((a, b) -> a + "; " + b)
            .orElse(null);
    if (finding.rejectedByEcs()) {
      return new Verdict(finding, Outcome.REJECTED_BY_ECS, "ECS refused the call");
    }
    if (mode == RuleMode.ENFORCE) {
      String why =
          !enforcementAllowed
              ? "policy says enforce, but the stack runs with Mode=report"
              : cannotEnforce;
      if (why == null) {
        return new Verdict(finding, Outcome.ENFORCED, join("policy: enforce", unusable));
      }
      return new Verdict(finding, Outcome.REPORTED, join(why, unusable));
    }
    return new Verdict(finding, Outcome.REPORTED, join("policy: report", unusable));
  }

  /** Enforcement acts only on a service that exists, known not to be exempt, changed by others. */
  private static String whyNotEnforceable(ServiceChange change, ResourceTags tags) {
    if (change == null || change.result() == null || change.result().serviceArn() == null) {
      return "not enforced: the event does not show a service that exists";
    }
    if (OWN_TOOL.equals(change.caller().tool())) {
      return "not enforced: the call was made by ecs-guardrail itself";
    }
    if (!tags.known()) {
      return "not enforced: the service's or cluster's tags (exemptions) could not be read";
    }
    return null;
  }

  private static String lapsed(Exemption e, LocalDate today) {
    return e.lapsed(today) ? e.describe() + " lapsed" : null;
  }

  private static String join(String a, String b) {
    return b == null ? a : a + "; " + b;
  }
}
