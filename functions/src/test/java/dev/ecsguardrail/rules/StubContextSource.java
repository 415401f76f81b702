package dev.ecsguardrail.rules;

import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A plain {@link ContextSource} for tests: answers every reference with one task definition and an
 * optional cluster and namespace, and counts the calls. Without a task definition (or with {@link
 * #failing}) it throws {@link ContextUnavailableException}, as the real sources do.
 */
public final class StubContextSource implements ContextSource {

  private final TaskDefinitionView taskDefinition;
  private final ClusterView cluster;
  private final NamespaceView namespace;
  private final String failure;
  public int taskDefinitionCalls;
  public int clusterCalls;
  public int namespaceCalls;

  private StubContextSource(
      TaskDefinitionView taskDefinition,
      ClusterView cluster,
      NamespaceView namespace,
      String failure) {
    this.taskDefinition = taskDefinition;
    this.cluster = cluster;
    this.namespace = namespace;
    this.failure = failure;
  }

  /** Answers with this task definition (a RegisterTaskDefinition body); no cluster, namespace. */
  public static StubContextSource of(String taskDefinitionJson) {
    return new StubContextSource(
        taskDefinitionJson == null ? null : readTaskDefinition(taskDefinitionJson),
        null,
        null,
        null);
  }

  /** Every lookup fails with a {@link ContextUnavailableException} carrying this message. */
  public static StubContextSource failing(String message) {
    return new StubContextSource(null, null, null, message);
  }

  public StubContextSource withCluster(ClusterView view) {
    return new StubContextSource(taskDefinition, view, namespace, failure);
  }

  public StubContextSource withNamespace(NamespaceView view) {
    return new StubContextSource(taskDefinition, cluster, view, failure);
  }

  public static TaskDefinitionView readTaskDefinition(String json) {
    return TaskDefinitionReader.read(
        StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "test"), "test");
  }

  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    taskDefinitionCalls++;
    if (failure != null) {
      throw new ContextUnavailableException(failure);
    }
    if (taskDefinition == null) {
      throw new ContextUnavailableException("task definition " + reference + ": none in the test");
    }
    return taskDefinition;
  }

  @Override
  public Optional<ClusterView> cluster(String reference) {
    clusterCalls++;
    if (failure != null) {
      throw new ContextUnavailableException(failure);
    }
    return Optional.ofNullable(cluster);
  }

  @Override
  public Optional<NamespaceView> namespace(String reference) {
    namespaceCalls++;
    if (failure != null) {
      throw new ContextUnavailableException(failure);
    }
    return Optional.ofNullable(namespace);
  }

  /** Tags come from the cluster view; services have none unless the event carries them. */
  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    if (failure != null) {
      throw new ContextUnavailableException(failure);
    }
    return Optional.of(
        cluster != null && resourceArn.equals(cluster.arn()) && cluster.tags() != null
            ? cluster.tags()
            : Map.of());
  }
}
