package dev.ecsguardrail.aws;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.ContainerView;
import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.policy.BlockAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** The ECS reads the guardrail makes, mapped to the domain model. */
public final class EcsGateway {

  private final EcsClient ecs;

  public EcsGateway(EcsClient ecs) {
    this.ecs = ecs;
  }

  public TaskDefinitionView taskDefinition(String reference) {
    TaskDefinition td =
        ecs.describeTaskDefinition(r -> r.taskDefinition(reference)).taskDefinition();
    return new TaskDefinitionView(
        td.taskDefinitionArn(),
        td.family(),
        td.networkModeAsString(),
        td.requiresCompatibilitiesAsStrings(),
        TaskDefinitionView.cpuUnits(td.cpu()),
        TaskDefinitionView.memoryMib(td.memory()),
        td.runtimePlatform() == null ? null : td.runtimePlatform().operatingSystemFamilyAsString(),
        td.runtimePlatform() == null ? null : td.runtimePlatform().cpuArchitectureAsString(),
        td.proxyConfiguration() == null ? null : td.proxyConfiguration().typeAsString(),
        td.containerDefinitions().stream().map(EcsGateway::container).toList());
  }

  /** The cluster with its settings; empty when ECS does not know it. */
  public Optional<ClusterView> cluster(String reference) {
    return ecs
        .describeClusters(
            r -> r.clusters(reference).include(ClusterField.SETTINGS, ClusterField.TAGS))
        .clusters()
        .stream()
        .findFirst()
        .map(EcsGateway::cluster);
  }

  private static ClusterView cluster(Cluster c) {
    return new ClusterView(c.clusterArn(), c.clusterName(), containerInsights(c), tags(c.tags()));
  }

  /** The {@code containerInsights} setting of a cluster described with its settings. */
  static String containerInsights(Cluster c) {
    return c.settings().stream()
        .filter(s -> "containerInsights".equals(s.nameAsString()))
        .map(ClusterSetting::value)
        .findFirst()
        .orElse(null);
  }

  public Map<String, String> tags(String resourceArn) {
    return tags(ecs.listTagsForResource(r -> r.resourceArn(resourceArn)).tags());
  }

  /** Stops the service and tags it with the rules that stopped it. */
  public void block(BlockAction block) {
    ecs.updateService(r -> r.cluster(block.cluster()).service(block.service()).desiredCount(0));
    ecs.tagResource(
        r ->
            r.resourceArn(block.serviceArn())
                .tags(Tag.builder().key(BlockAction.BLOCKED_TAG).value(block.tagValue()).build()));
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
    return map;
  }

  private static ContainerView container(ContainerDefinition c) {
    return new ContainerView(
        c.name(),
        c.cpu(),
        c.memory(),
        c.memoryReservation(),
        c.portMappings().stream()
            .map(
                p ->
                    new PortMapping(c.name(), p.name(), p.containerPort(), p.appProtocolAsString()))
            .toList());
  }
}
