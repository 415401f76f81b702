package dev.ecsguardrail.props;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The offline context of the command line: every sample task definition under events/taskdefs,
 * matched by family, {@code family:revision} or ARN; no cluster, namespace or tags.
 */
public final class SampleContext implements ContextSource {

  private final List<TaskDefinitionView> taskDefinitions;

  public SampleContext(List<TaskDefinitionView> taskDefinitions) {
    this.taskDefinitions = List.copyOf(taskDefinitions);
  }

  /** The sample task definitions. */
  public static SampleContext samples() {
    Map<String, JsonNode> files = Mutations.samples("taskdefs", name -> true);
    return new SampleContext(
        files.entrySet().stream()
            .map(e -> TaskDefinitionReader.read(e.getValue(), e.getKey()))
            .toList());
  }

  /** Matches as the command line's FileContextSource does: ARN, family, family:revision. */
  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    String familyRevision = reference.substring(reference.lastIndexOf('/') + 1);
    return taskDefinitions.stream()
        .filter(
            td ->
                reference.equals(td.arn())
                    || reference.equals(td.family())
                    || (td.arn() == null
                        ? familyRevision.startsWith(td.family() + ":")
                        : td.arn().endsWith("/" + familyRevision)))
        .findFirst()
        .orElseThrow(
            () -> new ContextUnavailableException("no sample task definition " + reference));
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
