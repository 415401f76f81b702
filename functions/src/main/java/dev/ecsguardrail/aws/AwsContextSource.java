package dev.ecsguardrail.aws;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Context from the AWS APIs. Task definitions are cached for the life of the execution environment
 * (a revision never changes), tags and clusters for minutes. Permanent failures (access denied, not
 * found) become "context unavailable"; transient ones (throttling, 5xx after the SDK's retries)
 * propagate so Lambda retries the event instead of reporting it unevaluable.
 */
public final class AwsContextSource implements ContextSource {

  private final EcsGateway ecs;
  private final CloudMapGateway cloudMap;
  private final Map<String, TaskDefinitionView> taskDefinitions = new ConcurrentHashMap<>();
  // Tags and cluster settings change, unlike task definition revisions: re-read after a while, so
  // an exemption added now counts within minutes, while a burst of events reads them once.
  private final ExpiringCache<Map<String, String>> tags =
      new ExpiringCache<>(Duration.ofMinutes(5));
  private final ExpiringCache<Optional<ClusterView>> clusters =
      new ExpiringCache<>(Duration.ofMinutes(1));

  public AwsContextSource(EcsGateway ecs, CloudMapGateway cloudMap) {
    this.ecs = ecs;
    this.cloudMap = cloudMap;
  }

  public static AwsContextSource of(AwsClients clients) {
    return new AwsContextSource(
        new EcsGateway(clients.ecs()), new CloudMapGateway(clients::cloudMap));
  }

  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    TaskDefinitionView cached = taskDefinitions.get(reference);
    if (cached != null) {
      return cached;
    }
    TaskDefinitionView td =
        read("task definition " + reference, () -> ecs.taskDefinition(reference));
    if (isRevision(reference)) {
      taskDefinitions.put(reference, td);
    }
    taskDefinitions.put(td.arn(), td);
    return td;
  }

  @Override
  public Optional<ClusterView> cluster(String reference) {
    Optional<ClusterView> cluster =
        clusters.get(reference, () -> read("cluster " + reference, () -> ecs.cluster(reference)));
    if (cluster.isEmpty()) {
      throw new ContextUnavailableException("cluster " + reference + ": not found");
    }
    return cluster;
  }

  @Override
  public Optional<NamespaceView> namespace(String reference) {
    return Optional.of(read("namespace " + reference, () -> cloudMap.namespace(reference)));
  }

  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    return Optional.of(
        tags.get(resourceArn, () -> read("tags of " + resourceArn, () -> ecs.tags(resourceArn))));
  }

  /** An ARN or {@code family:revision}: immutable, unlike a bare family (its latest revision). */
  private static boolean isRevision(String reference) {
    return reference.startsWith("arn:") || reference.contains(":");
  }

  private static <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw e;
      }
      throw new ContextUnavailableException(
          what + ": " + errorCode(e) + " (HTTP " + e.statusCode() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new ContextUnavailableException(what + ": " + e.getMessage(), e);
    }
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null
        ? e.getClass().getSimpleName()
        : e.awsErrorDetails().errorCode();
  }
}
