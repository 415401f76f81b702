package dev.ecsguardrail.cli;

import dev.ecsguardrail.flow.InventoryContext;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offline context: task definitions from {@code --task-definition} files, matched by ARN, {@code
 * family:revision} or family; clusters, namespaces and tags from an {@code --inventory} file when
 * one is given (else they cannot be looked up). Also the offline context of the property tests and
 * the pure-path benchmark.
 */
public final class FileContextSource implements ContextSource {

  private final List<TaskDefinitionView> taskDefinitions;
  private final Optional<InventoryContext> inventory;

  public FileContextSource(List<TaskDefinitionView> taskDefinitions) {
    this(taskDefinitions, Optional.empty());
  }

  public FileContextSource(
      List<TaskDefinitionView> taskDefinitions, Optional<Inventory> inventory) {
    this.taskDefinitions = List.copyOf(taskDefinitions);
    this.inventory = inventory.map(InventoryContext::new);
  }

  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    return taskDefinitions.stream()
        .filter(td -> matches(td, reference))
        .findFirst()
        .orElseThrow(
            () ->
                new ContextUnavailableException(
                    "task definition " + reference + ": not among the --task-definition files"));
  }

  private static boolean matches(TaskDefinitionView td, String reference) {
    if (reference.equals(td.arn()) || reference.equals(td.family())) {
      return true;
    }
    // family:revision, or an ARN when the file (a RegisterTaskDefinition body) has none.
    String familyRevision = reference.substring(reference.lastIndexOf('/') + 1);
    return td.arn() == null
        ? familyRevision.startsWith(td.family() + ":")
        : td.arn().endsWith("/" + familyRevision);
  }

  @Override
  public Optional<ClusterView> cluster(String reference) {
    return inventory.flatMap(i -> i.cluster(reference));
  }

  @Override
  public Optional<NamespaceView> namespace(String reference) {
    return inventory.flatMap(i -> i.namespace(reference));
  }

  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    return inventory.flatMap(i -> i.tags(resourceArn));
  }
}
