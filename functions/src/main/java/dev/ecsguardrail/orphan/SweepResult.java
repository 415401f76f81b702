package dev.ecsguardrail.orphan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The judgement of one sweep.
 *
 * @param complete the sweep saw everything: only then does "no orphans" mean none
 * @param skipped what it could not see
 * @param exemptions exemption tags that lapsed, lapse within two weeks, or cannot be used
 */
public record SweepResult(
    String account,
    String region,
    boolean complete,
    List<String> skipped,
    List<Orphan> orphans,
    List<ExemptionNote> exemptions) {

  public SweepResult {
    skipped = List.copyOf(skipped);
    orphans = List.copyOf(orphans);
    exemptions = List.copyOf(exemptions);
  }

  public SweepResult(
      String account, String region, boolean complete, List<String> skipped, List<Orphan> orphans) {
    this(account, region, complete, skipped, orphans, List.of());
  }

  /** The same, with the exemptions that lapsed or lapse soon (the digest lists them). */
  public SweepResult withExemptions(List<ExemptionNote> due) {
    return new SweepResult(account, region, complete, skipped, orphans, due);
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
