package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC013: Service Connect access logs asked for without the proxy's log configuration. */
public final class AccessLogWithoutLogConfigurationRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC013",
          "Service Connect access logs without a log configuration",
          Severity.HIGH,
          "Access logs of the Service Connect proxy (2025-10) are written through the proxy's log"
              + " driver: ECS requires serviceConnectConfiguration.logConfiguration whenever"
              + " accessLogConfiguration is set, and refuses the CreateService or UpdateService"
              + " that sends one without the other, so the deployment fails.",
          "Add serviceConnectConfiguration.logConfiguration (for example the awslogs driver with a"
              + " log group and Region), or remove accessLogConfiguration. On Fargate, access logs"
              + " need platform version 1.4.0 or later.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-envoy-access-logs.html");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    var sc = service.config().serviceConnect();
    if (!sc.enabled() || sc.accessLog() == null || sc.logConfigured()) {
      return List.of();
    }
    return List.of(
        INFO.finding(
            service.resource(),
            "serviceConnectConfiguration.accessLogConfiguration",
            "Service Connect access logs are configured ("
                + sc.accessLog().format()
                + ") but serviceConnectConfiguration.logConfiguration is not: ECS refuses the"
                + " call."));
  }
}
