package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConnectService;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SC002: a Service Connect port with no {@code appProtocol}, which makes it plain TCP for good. */
public final class AppProtocolMissingRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC002",
          "Service Connect port without appProtocol (plain TCP, cannot be changed later)",
          Severity.HIGH,
          "Without appProtocol the proxy treats the port as TCP: no per-request metrics"
              + " (RequestCount by status, TargetResponseTime), no per-request timeout and no L7"
              + " retries. ECS keeps the protocol per Service Connect service and refuses a later"
              + " revision with another one.",
          "Set appProtocol (http, http2 or grpc; there is no tcp value) on the port mapping and"
              + " recreate the service now, before it carries traffic: the protocol cannot be"
              + " changed on an existing Service Connect service.",
          "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html");

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
    return service.config().serviceConnect().services().stream()
        .map(ServiceConnectService::portName)
        .flatMap(name -> td.get().port(name).stream())
        .filter(port -> port.appProtocol() == null)
        .map(port -> finding(service, td.get(), port))
        .toList();
  }

  private static Finding finding(ServiceSubject service, TaskDefinitionView td, PortMapping port) {
    return INFO.finding(
        service.resource(),
        "containerDefinitions[" + port.containerName() + "].portMappings[" + port.name() + "]",
        "Service Connect port '"
            + port.name()
            + "' (container "
            + port.containerName()
            + (port.containerPort() == null ? "" : ", port " + port.containerPort())
            + ") in "
            + td.displayName()
            + " has no appProtocol: it will be plain TCP for the life of the service.");
  }
}
