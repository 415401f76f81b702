package dev.ecsguardrail.props;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property over generated cases from a fixed seed ({@code -Dprops.seed=N} for another): a
 * failure names its case and the seed, so it reproduces. Each run prints how many cases it tried
 * and what they came to.
 */
public final class Cases {

  public static final long SEED = Long.getLong("props.seed", 20_261_201L);

  private static final ThreadLocal<Map<String, Integer>> OUTCOMES = new ThreadLocal<>();

  private Cases() {}

  /** Thrown by {@link #assume}: the case does not apply and is not counted. */
  private static final class NotApplicable extends RuntimeException {
    NotApplicable() {
      super(null, null, false, false);
    }
  }

  public static <T> void check(
      String property, int tries, Function<Random, T> generator, Consumer<T> check) {
    Random random = new Random(SEED ^ property.hashCode());
    Map<String, Integer> outcomes = new TreeMap<>();
    OUTCOMES.set(outcomes);
    int tried = 0;
    try {
      for (int i = 0; i < tries; i++) {
        T input = generator.apply(random);
        try {
          check.accept(input);
          tried++;
        } catch (NotApplicable skipped) {
          // a case the property says nothing about
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(
              property + ": case " + i + " (seed " + SEED + ") fails: " + input, e);
        }
      }
    } finally {
      OUTCOMES.remove();
    }
    System.out.println("PROPERTY " + property + ": " + tried + " cases " + outcomes);
  }

  /** Skips the current case when it does not meet the property's precondition. */
  public static void assume(boolean condition) {
    if (!condition) {
      throw new NotApplicable();
    }
  }

  /** Counts what the current case came to, for the line the run prints. */
  public static void count(String label, Object outcome) {
    Map<String, Integer> outcomes = OUTCOMES.get();
    if (outcomes != null) {
      outcomes.merge(label + "=" + outcome, 1, Integer::sum);
    }
  }
}
