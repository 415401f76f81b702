package dev.ecsguardrail.cli;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Context before deploy: a task definition named by ARN or family (an existing revision) from the
 * {@code --task-definition} files, else from the ECS API (AWS_ENDPOINT_URL honoured), asked only
 * then; clusters, namespaces and tags only from {@code --inventory}: a plan describes what will be,
 * not what is.
 */
final class PreDeployContext implements ContextSource {

  private final FileContextSource files;
  private final String region;
  private AwsContextSource aws;

  PreDeployContext(FileContextSource files, String region) {
    this.files = files;
    this.region = region;
  }

  @Override
  public TaskDefinitionView taskDefinition(String reference) {
    try {
      return files.taskDefinition(reference);
    } catch (ContextUnavailableException notInFiles) {
      try {
        if (aws == null) {
          aws = AwsContextSource.of(AwsClients.forCommandLine(region));
        }
        return aws.taskDefinition(reference);
      } catch (SdkException e) {
        throw new ContextUnavailableException(
            "task definition "
                + reference
                + ": not among the --task-definition files, and the ECS API could not be asked ("
                + Main.firstLine(e.getMessage()).replaceFirst(":.*", "")
                + ")",
            e);
      }
    }
  }

  @Override
  public Optional<ClusterView> cluster(String reference) {
    return files.cluster(reference);
  }

  @Override
  public Optional<NamespaceView> namespace(String reference) {
    return files.namespace(reference);
  }

  @Override
  public Optional<Map<String, String>> tags(String resourceArn) {
    return files.tags(resourceArn);
  }
}
