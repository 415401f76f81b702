package dev.ecsguardrail.rules;

import dev.ecsguardrail.cost.FargatePrice;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * SC011: the proxy's 256 CPU units are half the task's CPU or more (the "Envoy tax"), with what
 * that share costs per month.
 */
public final class ProxyCpuShareRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC011",
          "Service Connect proxy takes half the task's CPU or more",
          Severity.LOW,
          "On small tasks the proxy's budget (256 CPU units, 64 MiB) is a large part of what the"
              + " service pays for: many small tasks pay it many times.",
          "Consider fewer, larger tasks for this service; the proxy's budget does not grow with"
              + " the task.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html");

  static final double SHARE_THRESHOLD = 0.5;

  private final PriceTable prices;

  public ProxyCpuShareRule(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    // Not DESIRED_COUNT: scaling changes the figure, not the finding; the digest reports it.
    return Set.of(ServiceAspect.SERVICE_CONNECT, ServiceAspect.TASK_DEFINITION);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    if (!service.config().serviceConnectEnabled()) {
      return List.of();
    }
    return service
        .taskDefinition()
        .filter(td -> td.cpu() != null && td.cpu() > 0)
        .filter(td -> (double) SidecarHeadroomRule.PROXY_CPU / td.cpu() >= SHARE_THRESHOLD)
        .map(td -> finding(service, td))
        .stream()
        .toList();
  }

  private Finding finding(ServiceSubject service, TaskDefinitionView td) {
    long percent = Math.round(100.0 * SidecarHeadroomRule.PROXY_CPU / td.cpu());
    String share =
        "The proxy's "
            + SidecarHeadroomRule.PROXY_CPU
            + " CPU units are "
            + percent
            + " % of the task's "
            + td.cpu();
    Capacity capacity = Capacity.of(service.config(), td);
    if (!capacity.onFargate()) {
      return INFO.finding(service.resource(), "cpu", share + ". " + Capacity.ON_INSTANCES);
    }
    FargatePrice price = prices.fargate(service.region(), td.isArm());
    BigDecimal perTask =
        price.monthly(SidecarHeadroomRule.PROXY_CPU, SidecarHeadroomRule.PROXY_MEMORY_MIB);
    Integer tasks = service.config().desiredCount();
    BigDecimal total = tasks == null ? perTask : perTask.multiply(BigDecimal.valueOf(tasks));
    return INFO.finding(
            service.resource(),
            "cpu",
            share
                + ": about $"
                + perTask
                + " per task-month"
                + (tasks == null ? "" : ", $" + total + " per month for " + tasks + " tasks")
                + " at Fargate rates"
                + price.note()
                + capacity.priceNote()
                + ".")
        .withMonthlyCost(total);
  }
}
