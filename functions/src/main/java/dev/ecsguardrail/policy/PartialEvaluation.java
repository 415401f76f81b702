package dev.ecsguardrail.policy;

import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A resource of a plan, template or hook request that some rules could not run on: never a silent
 * pass. What every format shows as EV002.
 *
 * @param rules the rules not run on it, in catalog order
 */
public record PartialEvaluation(ResourceReport resource, List<RuleNotRun> rules) {

  public PartialEvaluation {
    rules = List.copyOf(rules);
  }

  /** The resources the evaluation left partly evaluated. */
  public static List<PartialEvaluation> of(Evaluation evaluation) {
    return evaluation.resources().stream()
        .filter(r -> !r.rulesNotRun().isEmpty())
        .map(PartialEvaluation::of)
        .toList();
  }

  /** The rules not run on one resource (none when it was evaluated). */
  public static PartialEvaluation of(ResourceReport resource) {
    List<RuleNotRun> rules = new ArrayList<>();
    resource
        .rulesNotRun()
        .forEach((id, why) -> rules.add(new RuleNotRun(RuleCatalog.info(id).orElseThrow(), why)));
    return new PartialEvaluation(resource, rules);
  }

  /**
   * The rules not run, what each needs and how to provide it (unless the reason says it already),
   * in one line: {@code SC002 (HIGH), SC003 (HIGH) could not run: taskDefinition is
   * Fn::ImportValue; provide it: known only at deploy: ...}
   */
  public String summary() {
    Map<String, List<RuleNotRun>> byWhy = new LinkedHashMap<>();
    rules.forEach(r -> byWhy.computeIfAbsent(r.why(), w -> new ArrayList<>()).add(r));
    return byWhy.values().stream()
        .map(
            same ->
                same.stream()
                        .map(r -> r.rule().id() + " (" + r.rule().severity() + ")")
                        .collect(Collectors.joining(", "))
                    + " could not run: "
                    + provided(same.getFirst())
                    + ".")
        .collect(Collectors.joining(" "));
  }

  private static String provided(RuleNotRun rule) {
    String how = rule.howToProvide();
    return rule.why().contains(how) ? rule.why() : rule.why() + "; provide it: " + how;
  }
}
