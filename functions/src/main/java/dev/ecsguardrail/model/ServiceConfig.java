package dev.ecsguardrail.model;

import java.util.List;
import java.util.Map;

/**
 * The configuration of an ECS service that the rules evaluate: what a CreateService or
 * UpdateService asked for, or what ECS answered.
 *
 * @param serviceName the service's name (or ARN when only that is known)
 * @param cluster the cluster's name or ARN; {@code default} when the call named none
 * @param taskDefinition ARN, {@code family} or {@code family:revision}; {@code null} if unknown
 * @param desiredCount {@code null} when not known
 * @param launchType {@code FARGATE}, {@code EC2}, {@code EXTERNAL}; {@code null} when a capacity
 *     provider strategy (or nothing) was given
 * @param controllerType {@code ECS}, {@code CODE_DEPLOY} or {@code EXTERNAL}
 * @param strategy {@code deploymentConfiguration.strategy}, {@code null} when not set
 * @param serviceConnect {@link ServiceConnectConfig#OFF} when absent
 * @param serviceRegistryCount number of {@code serviceRegistries[]} (Cloud Map DNS registration)
 * @param serviceArn {@code null} when not known (a request, a failed call)
 * @param tags the tags the event carries (request or response); {@code null} when it carries none
 *     (an UpdateService: read them from ECS)
 * @param capacityProviders the {@code capacityProviderStrategy}'s providers, in order; empty when
 *     none was given
 * @param unknowns what a pre-deploy input leaves unknown: reading one of those fields raises {@link
 *     UnknownValueException} (the name, ARN and tags only name the service and are never checked)
 */
public record ServiceConfig(
    String serviceName,
    String cluster,
    String taskDefinition,
    Integer desiredCount,
    String launchType,
    String controllerType,
    String strategy,
    ServiceConnectConfig serviceConnect,
    int serviceRegistryCount,
    String serviceArn,
    Map<String, String> tags,
    List<String> capacityProviders,
    Unknowns unknowns) {

  public ServiceConfig {
    tags = tags == null ? null : Map.copyOf(tags);
    capacityProviders = List.copyOf(capacityProviders);
  }

  /** A configuration with every field known: from an API call, an event or AWS. */
  public ServiceConfig(
      String serviceName,
      String cluster,
      String taskDefinition,
      Integer desiredCount,
      String launchType,
      String controllerType,
      String strategy,
      ServiceConnectConfig serviceConnect,
      int serviceRegistryCount,
      String serviceArn,
      Map<String, String> tags,
      List<String> capacityProviders) {
    this(
        serviceName,
        cluster,
        taskDefinition,
        desiredCount,
        launchType,
        controllerType,
        strategy,
        serviceConnect,
        serviceRegistryCount,
        serviceArn,
        tags,
        capacityProviders,
        Unknowns.NONE);
  }

  @Override
  public String cluster() {
    unknowns.read("cluster");
    return cluster;
  }

  @Override
  public String taskDefinition() {
    unknowns.read("taskDefinition");
    return taskDefinition;
  }

  @Override
  public Integer desiredCount() {
    unknowns.read("desiredCount");
    return desiredCount;
  }

  @Override
  public String launchType() {
    unknowns.read("launchType");
    return launchType;
  }

  @Override
  public String controllerType() {
    unknowns.read("deploymentController.type");
    return controllerType;
  }

  @Override
  public String strategy() {
    unknowns.read("deploymentConfiguration.strategy");
    return strategy;
  }

  /** How many registries, not which: an unknown {@code registryArn} leaves the count known. */
  @Override
  public int serviceRegistryCount() {
    unknowns.presence("serviceRegistries[*]");
    return serviceRegistryCount;
  }

  @Override
  public List<String> capacityProviders() {
    unknowns.read("capacityProviderStrategy[*].capacityProvider");
    return capacityProviders;
  }

  public boolean serviceConnectEnabled() {
    return serviceConnect.enabled();
  }

  /** Short cluster name for messages and resource ids. */
  public String clusterName() {
    return cluster.substring(cluster.lastIndexOf('/') + 1);
  }

  /** {@code cluster/service}, the resource name findings carry. */
  public String resource() {
    return clusterName() + "/" + serviceName.substring(serviceName.lastIndexOf('/') + 1);
  }
}
