package dev.ecsguardrail.event;

import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConfig;
import java.time.Instant;
import java.util.Set;

/**
 * A CreateService or UpdateService call, as CloudTrail recorded it.
 *
 * @param requested what the caller sent ({@code requestParameters}); {@code null} when CloudTrail
 *     did not record it (some failed calls)
 * @param result the service ECS answered with ({@code responseElements.service}); {@code null} for
 *     failed calls
 * @param changed the aspects this call touched: all of them for CreateService
 */
public record ServiceChange(
    String eventId,
    Instant eventTime,
    String account,
    String region,
    String eventName,
    Caller caller,
    ServiceConfig requested,
    ServiceConfig result,
    String errorCode,
    String errorMessage,
    Set<ServiceAspect> changed)
    implements ParsedEvent {

  public ServiceChange {
    changed = Set.copyOf(changed);
  }

  /** ECS rejected the call: nothing was created or changed. */
  public boolean rejectedByEcs() {
    return errorCode != null;
  }

  /** The configuration to evaluate: what ECS answered, else (failed call) what was asked. */
  public ServiceConfig evaluated() {
    return result != null ? result : requested;
  }

  /** The call as every output shows it: about the service evaluated, when there is one. */
  public Call call() {
    ServiceConfig service = evaluated();
    return new Call(
        eventName, eventTime, account, region, caller, service == null ? null : service.resource());
  }
}
