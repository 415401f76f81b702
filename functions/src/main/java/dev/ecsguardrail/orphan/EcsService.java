package dev.ecsguardrail.orphan;

import java.util.List;

/**
 * An ECS service and what it uses in Cloud Map.
 *
 * @param namespaces the Service Connect namespaces of its deployments (ARN or name)
 * @param cloudMapServices Cloud Map service ARNs it registers into: {@code serviceRegistries} and
 *     the deployments' {@code serviceConnectResources}
 */
public record EcsService(
    String arn, String clusterArn, List<String> namespaces, List<String> cloudMapServices) {

  public EcsService {
    namespaces = List.copyOf(namespaces);
    cloudMapServices = List.copyOf(cloudMapServices);
  }
}
