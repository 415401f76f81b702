package dev.ecsguardrail.orphan;

import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.model.TaskDefinitionView;
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
 * @param alarms the guardrail's proxy-memory alarms by name; {@code null} when not read
 * @param taskDefinitions the services' task definitions, by the reference their primary deployment
 *     names (the service rules read them); one missing here could not be read (it is in {@code
 *     skipped})
 */
public record Inventory(
    String account,
    String region,
    List<CloudMapNamespace> namespaces,
    Map<String, List<CloudMapService>> cloudMapServices,
    List<EcsCluster> clusters,
    List<EcsService> ecsServices,
    boolean ecsComplete,
    List<String> skipped,
    Map<String, TaskDefinitionView> taskDefinitions,
    Map<String, SidecarAlarm> alarms) {

  public Inventory {
    namespaces = List.copyOf(namespaces);
    cloudMapServices = Map.copyOf(cloudMapServices);
    clusters = List.copyOf(clusters);
    ecsServices = List.copyOf(ecsServices);
    skipped = List.copyOf(skipped);
    taskDefinitions = Map.copyOf(taskDefinitions);
    alarms = alarms == null ? null : Map.copyOf(alarms);
  }

  /** Without task definitions: what the orphan check alone needs. */
  public Inventory(
      String account,
      String region,
      List<CloudMapNamespace> namespaces,
      Map<String, List<CloudMapService>> cloudMapServices,
      List<EcsCluster> clusters,
      List<EcsService> ecsServices,
      boolean ecsComplete,
      List<String> skipped) {
    this(
        account,
        region,
        namespaces,
        cloudMapServices,
        clusters,
        ecsServices,
        ecsComplete,
        skipped,
        Map.of(),
        null);
  }

  public boolean complete() {
    return ecsComplete && skipped.isEmpty();
  }
}
