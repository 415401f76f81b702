package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.Set;

/**
 * Where a service's tasks run, as far as a price goes: Fargate rates apply on Fargate only, never
 * to tasks on EC2 or ECS Managed Instances (2025-09), whose cost is the instance's.
 */
enum Capacity {
  FARGATE,
  /** Some of the strategy's weight on FARGATE_SPOT: the on-demand rate is an upper bound. */
  FARGATE_WITH_SPOT,
  INSTANCES;

  private static final Set<String> FARGATE_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");

  static Capacity of(ServiceConfig config, TaskDefinitionView td) {
    if (config.launchType() != null) {
      return "FARGATE".equals(config.launchType()) ? FARGATE : INSTANCES;
    }
    if (!config.capacityProviders().isEmpty()) {
      if (!FARGATE_PROVIDERS.containsAll(config.capacityProviders())) {
        return INSTANCES; // an Auto Scaling group's or Managed Instances' provider
      }
      return config.capacityProviders().contains("FARGATE_SPOT") ? FARGATE_WITH_SPOT : FARGATE;
    }
    // Neither: the cluster's default strategy decides; the task definition says what it can be.
    return td.requiresCompatibilities().contains("FARGATE") ? FARGATE : INSTANCES;
  }

  boolean onFargate() {
    return this != INSTANCES;
  }

  /** What the price means, after the figure. */
  String priceNote() {
    return this == FARGATE_WITH_SPOT
        ? " (on-demand Fargate rates: an upper bound for the FARGATE_SPOT share, the price file"
            + " has no Spot rates)"
        : "";
  }

  /** Said instead of a price on instances. */
  static final String ON_INSTANCES =
      "It runs on instances (EC2 or ECS Managed Instances): no Fargate rate applies, the"
          + " headroom comes out of the instance's CPU and memory.";
}
