package dev.ecsguardrail.orphan;

import java.util.List;
import java.util.Map;

/**
 * What a sweep saw in one account and Region, before any judgement.
 *
 * @param cloudMapServices the services of each namespace, by namespace id; a namespace missing here
 *     could not be listed (it is in {@code skipped})
 * @param ecsServices the services of the ACTIVE clusters
 * @param ecsComplete every cluster and every service was listed: without that, any namespace might
 *     be used by a service the sweep did not see
 * @param skipped what could not be read, one line each ({@code "ListServices ns-1: AccessDenied"})
 */
public record Inventory(
    String account,
    String region,
    List<CloudMapNamespace> namespaces,
    Map<String, List<CloudMapService>> cloudMapServices,
    List<EcsCluster> clusters,
    List<EcsService> ecsServices,
    boolean ecsComplete,
    List<String> skipped) {

  public Inventory {
    namespaces = List.copyOf(namespaces);
    cloudMapServices = Map.copyOf(cloudMapServices);
    clusters = List.copyOf(clusters);
    ecsServices = List.copyOf(ecsServices);
    skipped = List.copyOf(skipped);
  }

  public boolean complete() {
    return ecsComplete && skipped.isEmpty();
  }
}
