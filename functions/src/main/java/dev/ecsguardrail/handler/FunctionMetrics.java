package dev.ecsguardrail.handler;

import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import java.io.IOException;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Every function's EMF metrics (Powertools' functional API), the same way: flushed after every
 * invocation, an alert that could not be published counted as {@code NotificationFailures}, and
 * each verdict as {@code Findings} by rule, severity and verdict. The {@code Service} dimension is
 * the function's {@code POWERTOOLS_SERVICE_NAME}.
 */
final class FunctionMetrics {

  private static final String NAMESPACE =
      System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "EcsGuardrail");

  /** One invocation's work, given its metrics. */
  interface Invocation<T> {
    T run(Metrics metrics) throws IOException;
  }

  private FunctionMetrics() {}

  /** Runs the invocation with its metrics; a failed publish is counted and rethrown. */
  static <T> T around(Invocation<T> invocation) throws IOException {
    Metrics metrics = MetricsFactory.getMetricsInstance();
    // The template sets POWERTOOLS_METRICS_NAMESPACE; a handler run outside Lambda (a test, the
    // demo) without it still flushes instead of failing the invocation.
    metrics.setNamespace(NAMESPACE);
    try {
      return invocation.run(metrics);
    } catch (NotificationFailedException e) {
      notificationFailed(metrics);
      throw e;
    } finally {
      metrics.flush();
    }
  }

  /** For a function that handles a batch and reports a failed item instead of throwing. */
  static void notificationFailed(Metrics metrics) {
    metrics.addMetric("NotificationFailures", 1, MetricUnit.COUNT);
  }

  static void count(Metrics metrics, String name, int value) {
    metrics.addMetric(name, value, MetricUnit.COUNT);
  }

  /** One evaluated event: counted, and each verdict by rule, severity and verdict. */
  static void decision(Metrics metrics, Decision decision) {
    count(metrics, "EventsEvaluated", 1);
    count(metrics, "Unevaluable", decision.evaluation().evaluable() ? 0 : 1);
    for (Verdict v : decision.verdicts()) {
      metrics.flushSingleMetric(
          "Findings",
          1,
          MetricUnit.COUNT,
          NAMESPACE,
          DimensionSet.of(
              "RuleId",
              v.finding().ruleId(),
              "Severity",
              v.finding().severity().name(),
              "Verdict",
              v.outcome().label()));
    }
  }
}
