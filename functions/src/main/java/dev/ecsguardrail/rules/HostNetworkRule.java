package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC009: Service Connect on a task definition with the {@code host} network mode. */
public final class HostNetworkRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC009",
          "Service Connect with the host network mode",
          Severity.HIGH,
          "Service Connect does not support the host network mode: the proxy cannot intercept the"
              + " task's traffic.",
          "Use the awsvpc (or bridge) network mode for Service Connect services.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT, ServiceAspect.TASK_DEFINITION);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    if (!service.config().serviceConnectEnabled()) {
      return List.of();
    }
    return service
        .taskDefinition()
        .filter(td -> "host".equals(td.networkMode()))
        .map(
            td ->
                INFO.finding(
                    service.resource(),
                    "networkMode",
                    td.displayName() + " uses the host network mode."))
        .stream()
        .toList();
  }
}
