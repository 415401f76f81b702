package dev.ecsguardrail.it;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The SDK's retries, per service: executions (one per API call the code makes), attempts (one per
 * HTTP request the SDK sends for them, retries included) and executions that failed after their
 * retries.
 */
final class AttemptCounter implements ExecutionInterceptor {

  private final Map<String, AtomicLong> executions = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failedOperations = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    count(executions, attributes);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    count(attempts, attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    count(failures, attributes);
    String error =
        context.exception()
                    instanceof software.amazon.awssdk.awscore.exception.AwsServiceException e
                && e.awsErrorDetails() != null
            ? e.awsErrorDetails().errorCode()
            : context.exception().getClass().getSimpleName();
    failedOperations
        .computeIfAbsent(
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " " + error,
            s -> new AtomicLong())
        .incrementAndGet();
  }

  private static void count(Map<String, AtomicLong> counts, ExecutionAttributes attributes) {
    counts
        .computeIfAbsent(
            attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), s -> new AtomicLong())
        .incrementAndGet();
  }

  long executions() {
    return sum(executions);
  }

  long attempts() {
    return sum(attempts);
  }

  long failures() {
    return sum(failures);
  }

  /** Attempts beyond the first of each execution. */
  long retries() {
    return attempts() - executions();
  }

  /** One line per service: executions, attempts, retries, failed executions. */
  String report() {
    Map<String, String> lines = new TreeMap<>();
    executions.forEach(
        (service, n) -> {
          long a = attempts.getOrDefault(service, new AtomicLong()).get();
          lines.put(
              service,
              String.format(
                  Locale.ROOT,
                  "%-17s executions=%-5d attempts=%-5d retries=%-4d failed=%d",
                  service,
                  n.get(),
                  a,
                  a - n.get(),
                  failures.getOrDefault(service, new AtomicLong()).get()));
        });
    return String.join("\n", lines.values()) + "\n";
  }

  /**
   * Failed executions by operation and error code, e.g. {@code UpdateItem
   * ConditionalCheckFailedException}.
   */
  Map<String, Long> failedOperations() {
    Map<String, Long> copy = new TreeMap<>();
    failedOperations.forEach((op, n) -> copy.put(op, n.get()));
    return copy;
  }

  private static long sum(Map<String, AtomicLong> counts) {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
