package dev.ecsguardrail.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every AWS operation the clients send, so a test can count the reads per event. */
final class CallCounter implements ExecutionInterceptor {

  private final List<String> operations = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    operations.add(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + ":"
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  /** Describe/Get/List calls since the last reset. */
  long reads() {
    return operations.stream()
        .map(op -> op.substring(op.indexOf(':') + 1))
        .filter(op -> op.startsWith("Describe") || op.startsWith("Get") || op.startsWith("List"))
        .count();
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  void reset() {
    operations.clear();
  }
}
