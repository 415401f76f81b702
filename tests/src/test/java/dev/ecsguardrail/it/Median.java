package dev.ecsguardrail.it;

import java.util.List;

/** The benchmarks' median: nearest rank, the lower of the two middle values. */
final class Median {

  private Median() {}

  static double of(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
