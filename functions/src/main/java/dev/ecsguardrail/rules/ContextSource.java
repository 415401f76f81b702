package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.Map;
import java.util.Optional;

/**
 * Where the context an event lacks comes from: the AWS APIs (Lambda, command line) or files
 * (offline command line). Rules ask only when they need it.
 */
public interface ContextSource {

  /**
   * @param reference an ARN, {@code family:revision} or {@code family}
   * @throws ContextUnavailableException when it cannot be read
   */
  TaskDefinitionView taskDefinition(String reference);

  /**
   * @return empty when this source has no way to look clusters up (offline)
   * @throws ContextUnavailableException when the lookup failed
   */
  Optional<ClusterView> cluster(String reference);

  /**
   * @param reference a namespace ARN
   * @return empty when this source has no way to look namespaces up (offline)
   */
  Optional<NamespaceView> namespace(String reference);

  /**
   * @param resourceArn a service or cluster ARN
   * @return the resource's tags; empty when this source cannot read tags (offline)
   * @throws ContextUnavailableException when the lookup failed
   */
  Optional<Map<String, String>> tags(String resourceArn);
}
