package dev.ecsguardrail.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.input.CloudFormationReader;
import dev.ecsguardrail.model.HookRequest;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.Replacement;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.Rule;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A CloudFormation hook's question, "may this service be provisioned?", answered by the pre-deploy
 * flow on the resource's properties: the same rules, policy and exemptions. On an update, a rule
 * runs only when the update changes what it reads, so a service that predates the hook is not
 * refused for a choice it can no longer change (an appProtocol).
 */
public final class HookCheck {

  public static final String KIND = "hook";

  /** The CloudFormation properties behind each aspect an update may change. */
  private static final Map<ServiceAspect, List<String>> PROPERTIES =
      Map.of(
          ServiceAspect.SERVICE_CONNECT, List.of("ServiceConnectConfiguration"),
          ServiceAspect.TASK_DEFINITION, List.of("TaskDefinition"),
          ServiceAspect.DEPLOYMENT_CONTROLLER,
              List.of("DeploymentController", "DeploymentConfiguration"),
          ServiceAspect.SERVICE_REGISTRIES, List.of("ServiceRegistries"),
          ServiceAspect.DESIRED_COUNT, List.of("DesiredCount"),
          ServiceAspect.CAPACITY, List.of("LaunchType", "CapacityProviderStrategy"),
          ServiceAspect.IDENTITY, CloudFormationReader.CREATE_ONLY);

  private final List<Rule> rules;

  public HookCheck(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public Decision check(
      HookRequest request,
      PolicyEngine engine,
      ContextSource context,
      String region,
      LocalDate today) {
    String id = request.clientRequestToken();
    if (!CloudFormationReader.SERVICE.equals(request.targetName())) {
      return nothingToCheck(id, "not an " + CloudFormationReader.SERVICE + ": nothing to check");
    }
    if (request.deletion()) {
      return nothingToCheck(id, "a deletion: nothing to check");
    }
    String logicalId = Objects.requireNonNullElse(request.targetLogicalId(), "Service");
    Set<ServiceAspect> changed =
        request.update()
            ? changed(request.previousProperties(), request.properties())
            : EnumSet.allOf(ServiceAspect.class);
    String source = Objects.requireNonNullElse(request.stackId(), "the hook request");
    Replacement replacement =
        CloudFormationReader.replacement(
            request.previousProperties(), request.properties(), "stack update", request.update());
    PlannedInput input =
        CloudFormationReader.service(logicalId, request.properties(), changed, replacement, source);
    Decision checked =
        new PreDeployCheck(rules, engine).check(List.of(input), List.of(), context, region, today);
    List<Verdict> verdicts =
        checked.verdicts().stream()
            .map(v -> new Verdict(v.finding().at(null), v.outcome(), v.reason()))
            .toList();
    Evaluation e = checked.evaluation();
    boolean readable = input.skipped().isEmpty();
    String reason =
        readable
            ? e.resources().getFirst().reason()
            : "the properties of "
                + logicalId
                + " cannot be read: "
                + input.skipped().getFirst().reason();
    List<dev.ecsguardrail.rules.Finding> findings =
        readable
            ? verdicts.stream().map(Verdict::finding).toList()
            : List.of(UnevaluableEventRule.finding(id, reason));
    Evaluation evaluation =
        new Evaluation(id, KIND, readable, reason, findings, null, null, e.resources());
    return readable
        ? new Decision(evaluation, verdicts, null, null)
        : engine.decide(evaluation, dev.ecsguardrail.policy.ResourceTags.UNKNOWN, today);
  }

  /** A request that cannot be read: EV001, and the hook fails with InternalFailure. */
  public static Evaluation unreadable(String token, String reason) {
    return new Evaluation(
        token,
        KIND,
        false,
        reason,
        List.of(UnevaluableEventRule.finding(token, reason)),
        null,
        null);
  }

  private static Decision nothingToCheck(String id, String reason) {
    return new Decision(
        new Evaluation(id, KIND, true, reason, List.of(), null, null), List.of(), null, null);
  }

  private static Set<ServiceAspect> changed(JsonNode previous, JsonNode properties) {
    Set<ServiceAspect> changed = EnumSet.noneOf(ServiceAspect.class);
    PROPERTIES.forEach(
        (aspect, names) -> {
          for (String name : names) {
            if (!previous.path(name).equals(properties.path(name))) {
              changed.add(aspect);
            }
          }
        });
    return changed;
  }
}
