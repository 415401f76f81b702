package dev.ecsguardrail.it;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The time the clients spend on the wire: from each attempt's request leaving to its response
 * arriving (the emulator's answer time), so a benchmark can subtract it from a handler's duration.
 * Marshalling, signing and unmarshalling stay on the handler's side.
 */
final class TransmissionTime implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("bench.sent");

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attributes.putAttribute(SENT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    nanos.addAndGet(System.nanoTime() - attributes.getAttribute(SENT));
  }

  /** Nanoseconds on the wire since the last call, and starts counting again. */
  long take() {
    return nanos.getAndSet(0);
  }
}
