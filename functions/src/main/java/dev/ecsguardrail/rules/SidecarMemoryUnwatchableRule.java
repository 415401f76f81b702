package dev.ecsguardrail.rules;

import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SC005: a gRPC Service Connect service whose proxy memory cannot be watched: no task-level memory,
 * or a cluster without Container Insights enhanced observability.
 */
public final class SidecarMemoryUnwatchableRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC005",
          "gRPC service whose Service Connect proxy memory cannot be watched",
          Severity.MEDIUM,
          "The proxy's memory can grow on gRPC services until the task is killed, and ECS gives no"
              + " warning. Its per-container memory (ECS/ContainerInsights ContainerMemoryUtilized)"
              + " exists only with Container Insights enhanced observability, and a limit for it"
              + " only with task-level memory.",
          "Turn on enhanced observability: aws ecs update-cluster-settings --cluster <cluster>"
              + " --settings name=containerInsights,value=enhanced (billed per CloudWatch"
              + " observation); set task-level memory in the task definition.",
          "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-enhanced-observability-metrics-ECS.html");

  private final PriceTable prices;

  public SidecarMemoryUnwatchableRule(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT, ServiceAspect.TASK_DEFINITION);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    if (!service.config().serviceConnectEnabled()) {
      return List.of();
    }
    Optional<TaskDefinitionView> td = service.taskDefinition();
    if (td.isEmpty() || !service.servesGrpc()) {
      return List.of();
    }
    if (td.get().memory() == null) {
      return List.of(
          INFO.finding(
              service.resource(),
              "memory",
              "gRPC service "
                  + td.get().displayName()
                  + " has no task-level memory: the proxy's memory has no budget to watch."));
    }
    Optional<ClusterView> cluster = service.cluster();
    if (cluster.isEmpty() || cluster.get().hasEnhancedObservability()) {
      return List.of(); // empty: offline, the cluster's settings cannot be read
    }
    BigDecimal alarm = prices.alarms(service.region()).monthly(1);
    return List.of(
        INFO.finding(
                service.resource(),
                "cluster.settings.containerInsights",
                "gRPC service on cluster "
                    + cluster.get().name()
                    + " (containerInsights="
                    + (cluster.get().containerInsights() == null
                        ? "unset"
                        : cluster.get().containerInsights())
                    + "): the proxy's memory metrics need enhanced observability"
                    + " (containerInsights=enhanced, billed per observation); the guardrail's"
                    + " alarm on them then costs $"
                    + alarm.toPlainString()
                    + " per month.")
            .withMonthlyCost(alarm));
  }
}
