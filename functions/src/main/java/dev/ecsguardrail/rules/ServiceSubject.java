package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.Replacement;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The service a rule evaluates, with its context loaded on first use and at most once: most events
 * need only the task definition, many need nothing.
 */
public final class ServiceSubject {

  private final ServiceConfig config;
  private final String region;
  private final ContextSource context;
  private final String resource;
  private final Replacement replacement;
  private Supplier<Optional<TaskDefinitionView>> taskDefinition;
  private Supplier<Optional<ClusterView>> cluster;
  private Supplier<Optional<NamespaceView>> namespace;

  public ServiceSubject(ServiceConfig config, String region, ContextSource context) {
    this(config, region, context, config.resource());
  }

  /**
   * @param resource what findings name: {@code cluster/service} for a call, the Terraform address
   *     or the template's logical id before deploy
   */
  public ServiceSubject(
      ServiceConfig config, String region, ContextSource context, String resource) {
    this(config, region, context, resource, null);
  }

  /**
   * @param replacement the plan or hook request replaces the service; {@code null} when not
   */
  public ServiceSubject(
      ServiceConfig config,
      String region,
      ContextSource context,
      String resource,
      Replacement replacement) {
    this.config = config;
    this.region = region;
    this.context = context;
    this.resource = resource;
    this.replacement = replacement;
  }

  /** Empty unless a plan or a hook request replaces the service instead of updating it. */
  public Optional<Replacement> replacement() {
    return Optional.ofNullable(replacement);
  }

  public ServiceConfig config() {
    return config;
  }

  /** The Region of the call. */
  public String region() {
    return region;
  }

  public String resource() {
    return resource;
  }

  /**
   * Empty only when the call named no task definition (an UpdateService that did not send one).
   *
   * @throws ContextUnavailableException when it cannot be read (again, for every rule that asks)
   * @throws dev.ecsguardrail.model.UnknownValueException when the input leaves it unknown
   */
  public Optional<TaskDefinitionView> taskDefinition() {
    if (taskDefinition == null) {
      taskDefinition =
          once(
              () -> {
                String reference = config.taskDefinition();
                return reference == null
                    ? Optional.empty()
                    : Optional.of(context.taskDefinition(reference));
              });
    }
    return taskDefinition.get();
  }

  /** Whether a Service Connect port of the task definition speaks gRPC. */
  public boolean servesGrpc() {
    return taskDefinition()
        .map(
            td ->
                config.serviceConnect().services().stream()
                    .flatMap(s -> td.port(s.portName()).stream())
                    .anyMatch(PortMapping::isGrpc))
        .orElse(false);
  }

  public Optional<ClusterView> cluster() {
    if (cluster == null) {
      cluster = once(() -> context.cluster(config.cluster()));
    }
    return cluster.get();
  }

  /** The Service Connect namespace when it is named by ARN and the source can look it up. */
  public Optional<NamespaceView> namespace() {
    if (namespace == null) {
      namespace =
          once(
              () -> {
                String ref = config.serviceConnect().namespace();
                return ref != null && ref.startsWith("arn:")
                    ? context.namespace(ref)
                    : Optional.empty();
              });
    }
    return namespace.get();
  }

  /**
   * The answer, or the failure, of one lookup, kept: a context the API refused is not asked again
   * by the next rule (each retry costs the SDK's back-off).
   */
  private static <T> Supplier<T> once(Supplier<T> lookup) {
    try {
      T value = lookup.get();
      return () -> value;
    } catch (RuntimeException e) {
      return () -> {
        throw e;
      };
    }
  }
}
