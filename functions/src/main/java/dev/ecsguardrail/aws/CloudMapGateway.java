package dev.ecsguardrail.aws;

import dev.ecsguardrail.model.NamespaceView;
import java.util.function.Supplier;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;

/**
 * The Cloud Map reads the guardrail makes. The client is asked for at each read: a service change
 * reads a namespace only when it names one by ARN (a shared namespace), so the service-change
 * function builds its Cloud Map client then ({@link AwsClients} builds it once), not at every cold
 * start (70 to 90 ms of one without SnapStart, bench/split).
 */
public final class CloudMapGateway {

  private final Supplier<ServiceDiscoveryClient> cloudMap;

  public CloudMapGateway(Supplier<ServiceDiscoveryClient> cloudMap) {
    this.cloudMap = cloudMap;
  }

  /** A namespace by ARN ({@code ...:namespace/ns-id}); GetNamespace takes the id. */
  public NamespaceView namespace(String arn) {
    String id = arn.substring(arn.lastIndexOf('/') + 1);
    Namespace ns = cloudMap.get().getNamespace(r -> r.id(id)).namespace();
    return new NamespaceView(
        ns.arn(), ns.name(), ns.typeAsString(), ns.serviceCount() == null ? 0 : ns.serviceCount());
  }
}
