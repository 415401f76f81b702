package dev.ecsguardrail.orphan;

import java.util.List;

/**
 * A Cloud Map service in a namespace.
 *
 * @param instances the registered instances; {@code null} when the sweep did not list them (the
 *     service is in use by an ECS service, or Cloud Map said it has none)
 * @param instanceCount what Cloud Map says it holds ({@code ServiceSummary.InstanceCount}), or the
 *     size of {@code instances}; {@code null} when unknown
 */
public record CloudMapService(
    String id,
    String arn,
    String name,
    String namespaceId,
    Integer instanceCount,
    List<CloudMapInstance> instances) {

  public CloudMapService {
    instances = instances == null ? null : List.copyOf(instances);
  }

  public CloudMapService withInstances(List<CloudMapInstance> listed) {
    return new CloudMapService(id, arn, name, namespaceId, listed.size(), listed);
  }

  /** Instances counted for cost: the listed ones, else Cloud Map's count, else none known. */
  public int knownInstances() {
    if (instances != null) {
      return instances.size();
    }
    return instanceCount == null ? 0 : instanceCount;
  }
}
