package dev.ecsguardrail.policy;

import java.util.List;
import java.util.Optional;

/**
 * An evaluation with the policy applied: a verdict per finding, and the block to carry out.
 *
 * @param block the enforcement to carry out; {@code null} when none
 * @param actionResult what happened when the block was attempted; {@code null} before or without
 */
public record Decision(
    Evaluation evaluation, List<Verdict> verdicts, BlockAction block, String actionResult) {

  public Decision {
    verdicts = List.copyOf(verdicts);
  }

  public List<Verdict> alerted() {
    return verdicts.stream().filter(v -> v.outcome().alerted()).toList();
  }

  public Optional<BlockAction> blockAction() {
    return Optional.ofNullable(block);
  }

  /** Something a person should hear about: an alerted finding, or an event that was not checked. */
  public boolean worthNotifying() {
    return !evaluation.evaluable() || !alerted().isEmpty();
  }

  /** The block was carried out. */
  public Decision blocked() {
    return new Decision(evaluation, verdicts, block, block.description());
  }

  /** The block could not be carried out: its findings are reported, and the alert says why. */
  public Decision blockFailed(String why) {
    String result = "The block was not carried out: " + why;
    return new Decision(
        evaluation,
        verdicts.stream()
            .map(
                v ->
                    v.outcome() == Outcome.ENFORCED
                        ? new Verdict(v.finding(), Outcome.REPORTED, result)
                        : v)
            .toList(),
        block,
        result);
  }
}
