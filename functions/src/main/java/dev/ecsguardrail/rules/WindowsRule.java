package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC006: Service Connect on a Windows task definition. */
public final class WindowsRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC006",
          "Service Connect with a Windows task definition",
          Severity.HIGH,
          "Service Connect does not support Windows containers: ECS refuses the service"
              + " (\"Unsupported operating system in task definition. Please choose Linux\").",
          "Run the service on Linux, or reach it without Service Connect (a load balancer, or"
              + " Cloud Map serviceRegistries).",
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
        .filter(td -> td.isWindows())
        .map(
            td ->
                INFO.finding(
                    service.resource(),
                    "runtimePlatform.operatingSystemFamily",
                    td.displayName()
                        + " runs on "
                        + td.operatingSystemFamily()
                        + ", which Service Connect does not support."))
        .stream()
        .toList();
  }
}
