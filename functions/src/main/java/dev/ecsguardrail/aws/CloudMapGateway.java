package dev.ecsguardrail.aws;

import dev.ecsguardrail.model.NamespaceView;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;

/** The Cloud Map reads the guardrail makes. */
public final class CloudMapGateway {

  private final ServiceDiscoveryClient cloudMap;

  public CloudMapGateway(ServiceDiscoveryClient cloudMap) {
    this.cloudMap = cloudMap;
  }

  /** A namespace by ARN ({@code ...:namespace/ns-id}); GetNamespace takes the id. */
  public NamespaceView namespace(String arn) {
    String id = arn.substring(arn.lastIndexOf('/') + 1);
    Namespace ns = cloudMap.getNamespace(r -> r.id(id)).namespace();
    return new NamespaceView(
        ns.arn(), ns.name(), ns.typeAsString(), ns.serviceCount() == null ? 0 : ns.serviceCount());
  }
}
