package dev.ecsguardrail.flow;

import dev.ecsguardrail.orphan.DigestTotals;
import java.util.Optional;

/** Last week's digest totals, for the trend. */
public interface DigestHistory {

  Optional<DigestTotals> previous();

  void save(DigestTotals totals);
}
