package dev.ecsguardrail.alarm;

import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.List;

/**
 * An ACTIVE service as the reconcile sees it.
 *
 * @param taskDefinition {@code null} when it could not be read
 * @param proxyContainers the proxy container names its memory metrics carry (none until its tasks
 *     report, or without enhanced observability)
 */
public record WatchedService(
    String clusterName,
    String serviceName,
    ServiceConfig config,
    TaskDefinitionView taskDefinition,
    List<String> proxyContainers) {

  public WatchedService {
    proxyContainers = List.copyOf(proxyContainers);
  }

  public String resource() {
    return clusterName + "/" + serviceName;
  }
}
