package dev.ecsguardrail.orphan;

import java.util.List;
import java.util.Map;

/**
 * An ECS service and what it uses in Cloud Map.
 *
 * @param namespaces the Service Connect namespaces of its deployments (ARN or name)
 * @param cloudMapServices Cloud Map service ARNs it registers into: {@code serviceRegistries} and
 *     the deployments' {@code serviceConnectResources}
 * @param tags its tags (exemptions are read from them)
 */
public record EcsService(
    String arn,
    String clusterArn,
    List<String> namespaces,
    List<String> cloudMapServices,
    Map<String, String> tags) {

  public EcsService {
    namespaces = List.copyOf(namespaces);
    cloudMapServices = List.copyOf(cloudMapServices);
    tags = Map.copyOf(tags);
  }

  public EcsService(
      String arn, String clusterArn, List<String> namespaces, List<String> cloudMapServices) {
    this(arn, clusterArn, namespaces, cloudMapServices, Map.of());
  }
}
