package dev.ecsguardrail.orphan;

import java.math.BigDecimal;

/** The headline figures of one digest, kept to show next week's trend. */
public record DigestTotals(int orphans, BigDecimal monthlyCostUsd) {

  public static DigestTotals of(SweepResult sweep) {
    return new DigestTotals(sweep.orphans().size(), sweep.totalMonthlyCostUsd());
  }
}
