package dev.ecsguardrail.orphan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The judgement of one sweep.
 *
 * @param complete the sweep saw everything: only then does "no orphans" mean none
 * @param skipped what it could not see
 */
public record SweepResult(
    String account, String region, boolean complete, List<String> skipped, List<Orphan> orphans) {

  public SweepResult {
    skipped = List.copyOf(skipped);
    orphans = List.copyOf(orphans);
  }

  public BigDecimal totalMonthlyCostUsd() {
    return orphans.stream()
        .map(Orphan::monthlyCostUsd)
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.HALF_UP);
  }

  public List<Orphan> namespaces() {
    return orphans.stream().filter(o -> Orphan.NAMESPACE.equals(o.kind())).toList();
  }
}
