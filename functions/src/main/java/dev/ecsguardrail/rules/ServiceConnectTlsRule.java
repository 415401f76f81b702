package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** SC012: Service Connect TLS is on, which brings AWS Private CA charges. */
public final class ServiceConnectTlsRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC012",
          "Service Connect TLS: AWS Private CA certificate cost",
          Severity.LOW,
          "Service Connect TLS issues certificates from AWS Private CA, which charges per CA per"
              + " month and per certificate issued; the cost does not show on the ECS bill.",
          "Keep TLS where traffic must be encrypted in transit, and share one Private CA across"
              + " services; check the AWS Private CA pricing page for the current rates.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html");

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
    if (!service.config().serviceConnectEnabled()) {
      return List.of();
    }
    var entries = service.config().serviceConnect().services();
    return IntStream.range(0, entries.size())
        .filter(i -> entries.get(i).tlsEnabled())
        .mapToObj(
            i ->
                INFO.finding(
                    service.resource(),
                    "serviceConnectConfiguration.services[" + i + "].tls",
                    "Service Connect TLS is on for port '"
                        + entries.get(i).portName()
                        + "': AWS Private CA charges apply."))
        .toList();
  }
}
