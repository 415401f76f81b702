package dev.ecsguardrail.cli;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offline context: task definitions from {@code --task-definition} files, matched by ARN, {@code
 * family:revision} or family. Clusters and namespaces cannot be looked up offline. Also the offline
 * context of the property tests and the pure-path benchmark.
 */
public final class FileContextSource implements ContextSource {

  private final List<TaskDefinitionView> taskDefinitions;

  public FileContextSource(List<TaskDefinitionView> taskDefinitions) {
    this.taskDefinitions = List.copyOf(taskDefinitions);
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
    return Optional.empty();
  }

  @Override
  public Optional<NamespaceView> namespace(String reference) {
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    return Optional.empty();
  }
}
