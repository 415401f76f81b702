package dev.ecsguardrail.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A service a plan or template creates or updates, read into the model the rules read.
 *
 * @param address the Terraform address or the template's logical id: what findings name
 * @param taskDefinition the task definition of the same input it runs; {@code null} when it names
 *     one by ARN or family (read from files or the API) or the reference is unknown
 * @param cluster the cluster when the same input creates it, with the settings written there;
 *     {@code null} when the service names one the input does not define
 * @param unknowns the service's fields the input leaves unknown
 * @param locations where each field it sets is written, by path in the API's shape
 * @param replacement the input replaces the service rather than updates it; {@code null} when not
 * @param condition the scenario this reading of the service holds in ({@code Grpc is true}) when
 *     the input's parameters leave a condition it depends on open; {@code null} when it holds in
 *     every one
 * @param changed what the input changes: every aspect for a plan, a template or a create; an update
 *     seen by the hook changes only some, and a rule on the others does not run
 */
public record PlannedService(
    String address,
    String type,
    SourceLocation location,
    ServiceConfig config,
    PlannedTaskDefinition taskDefinition,
    ClusterView cluster,
    List<UnknownValue> unknowns,
    Map<String, SourceLocation> locations,
    Set<ServiceAspect> changed,
    Replacement replacement,
    String condition) {

  public PlannedService {
    unknowns = List.copyOf(unknowns);
    locations = Map.copyOf(locations);
    changed = Set.copyOf(changed);
  }

  /** This reading, as one of several the scenarios give. */
  public PlannedService when(String scenario) {
    return new PlannedService(
        address,
        type,
        location,
        config,
        taskDefinition,
        cluster,
        unknowns,
        locations,
        changed,
        replacement,
        scenario);
  }

  /** Whether another scenario reads the service the same: what the rules read is equal. */
  public boolean readsAs(PlannedService other) {
    return config.equals(other.config)
        && Objects.equals(view(taskDefinition), view(other.taskDefinition))
        && Objects.equals(cluster, other.cluster);
  }

  private static TaskDefinitionView view(PlannedTaskDefinition td) {
    return td == null ? null : td.view();
  }
}
