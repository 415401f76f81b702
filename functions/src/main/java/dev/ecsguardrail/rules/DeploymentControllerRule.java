package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC001: a CODE_DEPLOY or EXTERNAL deployment controller with Service Connect. */
public final class DeploymentControllerRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC001",
          "Service Connect with a CODE_DEPLOY or EXTERNAL deployment controller",
          Severity.HIGH,
          "Service Connect works only with the ECS deployment controller: ECS rejects CreateService"
              + " and UpdateService that pair it with CODE_DEPLOY (InvalidParameterException) or"
              + " EXTERNAL, so the pipeline that sends it fails.",
          "Use the ECS deployment controller (deploymentController.type=ECS) with a built-in"
              + " strategy, all three of which work with Service Connect:"
              + " deploymentConfiguration.strategy=BLUE_GREEN (bakeTimeInMinutes) keeps closest to a"
              + " CodeDeploy blue/green, with test traffic routed to the green revision through"
              + " clientAliases[].testTrafficRules; LINEAR (linearConfiguration.stepPercent,"
              + " stepBakeTimeInMinutes) or CANARY (canaryConfiguration.canaryPercent,"
              + " canaryBakeTimeInMinutes) shift traffic in steps (since 2025-10-30).",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT, ServiceAspect.DEPLOYMENT_CONTROLLER);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    String controller = service.config().controllerType();
    if (!service.config().serviceConnectEnabled()
        || !("CODE_DEPLOY".equals(controller) || "EXTERNAL".equals(controller))) {
      return List.of();
    }
    return List.of(
        INFO.finding(
            service.resource(),
            "deploymentController.type",
            "Service Connect is enabled with the "
                + controller
                + " deployment controller, which ECS does not support with Service Connect."));
  }
}
