package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC008: an App Mesh proxy configuration, dead since App Mesh was discontinued on 2026-09-30. */
public final class AppMeshRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC008",
          "App Mesh proxy configuration (App Mesh was discontinued on 2026-09-30)",
          Severity.HIGH,
          "AWS App Mesh was discontinued on 2026-09-30: a task definition with an APPMESH"
              + " proxyConfiguration depends on a service that no longer runs.",
          "Remove proxyConfiguration and the Envoy container, and enable Service Connect on the"
              + " service (the AWS guide 'Migrating from AWS App Mesh to Amazon ECS Service"
              + " Connect').",
          "https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-ecs-service-connect/");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.TASK_DEFINITION);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    return service
        .taskDefinition()
        .filter(td -> "APPMESH".equals(td.proxyType()))
        .map(
            td ->
                INFO.finding(
                    service.resource(),
                    "proxyConfiguration.type",
                    td.displayName() + " has an APPMESH proxyConfiguration."))
        .stream()
        .toList();
  }
}
