package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConnectService;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SC003: a Service Connect {@code portName} that no port mapping of the task definition has. */
public final class PortNameRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC003",
          "Service Connect portName not among the task definition's named port mappings",
          Severity.HIGH,
          "Each serviceConnectConfiguration.services[].portName must equal the name of a port"
              + " mapping in the task definition; otherwise the deployment fails and the service"
              + " never registers.",
          "Name the port mapping in the task definition (portMappings[].name, at most 64"
              + " characters of a-z, 0-9, _ and -) and use that name as portName.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html");

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
    Optional<TaskDefinitionView> td = service.taskDefinition();
    if (td.isEmpty()) {
      return List.of();
    }
    List<ServiceConnectService> entries = service.config().serviceConnect().services();
    return java.util.stream.IntStream.range(0, entries.size())
        .filter(i -> td.get().port(entries.get(i).portName()).isEmpty())
        .mapToObj(
            i ->
                INFO.finding(
                    service.resource(),
                    "serviceConnectConfiguration.services[" + i + "].portName",
                    "portName '"
                        + entries.get(i).portName()
                        + "' is not a named port mapping of "
                        + td.get().displayName()
                        + "; its named ports are "
                        + td.get().portNames()
                        + "."))
        .toList();
  }
}
