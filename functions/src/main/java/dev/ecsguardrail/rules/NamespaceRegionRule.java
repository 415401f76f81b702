package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC007: a Service Connect namespace, named by ARN, in another Region than the service. */
public final class NamespaceRegionRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC007",
          "Service Connect namespace in another Region",
          Severity.HIGH,
          "A Service Connect namespace must be in the service's Region. Namespaces of other"
              + " accounts work (shared through AWS RAM), namespaces of other Regions do not.",
          "Use a namespace in this Region (create one, or share one into this account with AWS"
              + " RAM from the same Region).",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-shared-namespaces.html");

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
    String namespace = service.config().serviceConnect().namespace();
    if (!service.config().serviceConnectEnabled() || namespace == null) {
      return List.of();
    }
    // arn:partition:servicediscovery:region:account:namespace/ns-id; a plain name is local.
    String[] arn = namespace.split(":", 6);
    if (arn.length < 6 || !"arn".equals(arn[0]) || arn[3].equals(service.region())) {
      return List.of();
    }
    return List.of(
        INFO.finding(
            service.resource(),
            "serviceConnectConfiguration.namespace",
            "Namespace "
                + namespace
                + " is in "
                + arn[3]
                + ", the service in "
                + service.region()
                + "."));
  }
}
