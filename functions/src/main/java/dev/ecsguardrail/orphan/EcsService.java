package dev.ecsguardrail.orphan;

import dev.ecsguardrail.model.ServiceConfig;
import java.util.List;
import java.util.Map;

/**
 * An ECS service and what it uses in Cloud Map.
 *
 * @param namespaces the Service Connect namespaces of its deployments (ARN or name)
 * @param cloudMapServices Cloud Map service ARNs it registers into: {@code serviceRegistries} and
 *     the deployments' {@code serviceConnectResources}
 * @param tags its tags (exemptions are read from them)
 * @param config its configuration as the service rules read it; {@code null} when it could not be
 *     read
 */
public record EcsService(
    String arn,
    String clusterArn,
    List<String> namespaces,
    List<String> cloudMapServices,
    Map<String, String> tags,
    ServiceConfig config) {

  public EcsService {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    cloudMapServices = cloudMapServices == null ? List.of() : List.copyOf(cloudMapServices);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public EcsService(
      String arn,
      String clusterArn,
      List<String> namespaces,
      List<String> cloudMapServices,
      Map<String, String> tags) {
    this(arn, clusterArn, namespaces, cloudMapServices, tags, null);
  }

  public EcsService(
      String arn, String clusterArn, List<String> namespaces, List<String> cloudMapServices) {
    this(arn, clusterArn, namespaces, cloudMapServices, Map.of());
  }
}
