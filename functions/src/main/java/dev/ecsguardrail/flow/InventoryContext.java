package dev.ecsguardrail.flow;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Context from what a sweep already read: the rules make no call of their own, so a fleet costs no
 * more reads than its listing.
 */
public final class InventoryContext implements ContextSource {

  private final Inventory inventory;

  public InventoryContext(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    TaskDefinitionView td = inventory.taskDefinitions().get(reference);
    if (td == null) {
      throw new ContextUnavailableException("task definition " + reference + " was not read");
    }
    return td;
  }

  @Override
  public Optional<ClusterView> cluster(String reference) {
    return Optional.of(
        inventory.clusters().stream()
            .filter(c -> c.arn().equals(reference) || c.name().equals(reference))
            .findFirst()
            .map(EcsCluster::view)
            .orElseThrow(
                () -> new ContextUnavailableException("cluster " + reference + " was not listed")));
  }

  /** Empty for a namespace the sweep did not list (another account's, another Region's). */
  @Override
  public Optional<NamespaceView> namespace(String reference) {
    for (CloudMapNamespace ns : inventory.namespaces()) {
      List<CloudMapService> services = inventory.cloudMapServices().get(ns.id());
      if (ns.arn().equals(reference) && services != null) {
        return Optional.of(new NamespaceView(ns.arn(), ns.name(), ns.type(), services.size()));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    return inventory.ecsServices().stream()
        .filter(s -> s.arn().equals(resourceArn))
        .map(EcsService::tags)
        .findFirst()
        .or(
            () ->
                inventory.clusters().stream()
                    .filter(c -> c.arn().equals(resourceArn))
                    .map(EcsCluster::tags)
                    .findFirst());
  }
}
