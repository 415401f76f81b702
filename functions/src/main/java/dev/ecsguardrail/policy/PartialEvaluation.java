package dev.ecsguardrail.policy;

import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
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
    List<PartialEvaluation> partial = new ArrayList<>();
    for (ResourceReport r : evaluation.resources()) {
      if (!r.rulesNotRun().isEmpty()) {
        List<RuleNotRun> rules = new ArrayList<>();
        r.rulesNotRun()
            .forEach(
                (id, why) -> rules.add(new RuleNotRun(RuleCatalog.info(id).orElseThrow(), why)));
        partial.add(new PartialEvaluation(r, rules));
      }
    }
    return partial;
  }

  /**
   * The rules not run, what each needs and how to provide it, in one line: {@code SC002 (HIGH),
   * SC003 (HIGH) could not run: taskDefinition is Ref TaskDefArn (...); provide it: give
   * --parameter TaskDefArn=VALUE.}
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
                    + same.getFirst().why()
                    + "; provide it: "
                    + same.getFirst().howToProvide()
                    + ".")
        .collect(Collectors.joining(" "));
  }

  /** The rules' ids, for a count or a list. */
  public List<String> ruleIds() {
    return rules.stream().map(RuleNotRun::rule).map(RuleInfo::id).toList();
  }
}
