package dev.ecsguardrail.rules;

import dev.ecsguardrail.cost.FargatePrice;
import dev.ecsguardrail.cost.FargateSize;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SC004: the task leaves the Service Connect proxy less than 256 CPU units or 64 MiB (128 MiB for
 * gRPC services and large namespaces), priced as the step to the next valid Fargate size.
 */
public final class SidecarHeadroomRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC004",
          "Too little task CPU or memory left for the Service Connect proxy",
          Severity.MEDIUM,
          "The proxy sidecar is not in the task definition: it runs on the task CPU and memory the"
              + " containers do not reserve. AWS sizes it at 256 CPU units and at least 64 MiB (128"
              + " MiB more in namespaces over 100 services or 2,000 tasks); a starved proxy adds"
              + " latency or is killed with the task. Fargate bills whole task sizes, so the cost is"
              + " the step to the next valid size.",
          "Raise the task's cpu and memory to leave 256 CPU units and the memory named in the"
              + " finding unreserved, or lower the containers' reservations.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html");

  static final int PROXY_CPU = 256;
  static final int PROXY_MEMORY_MIB = 64;
  static final int PROXY_MEMORY_LARGE_MIB = 128;
  static final int LARGE_NAMESPACE_SERVICES = 100;

  private final PriceTable prices;

  public SidecarHeadroomRule(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(
        ServiceAspect.SERVICE_CONNECT, ServiceAspect.TASK_DEFINITION, ServiceAspect.CAPACITY);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    if (!service.config().serviceConnectEnabled()) {
      return List.of();
    }
    Optional<TaskDefinitionView> found = service.taskDefinition();
    if (found.isEmpty() || found.get().memory() == null) {
      return List.of(); // no task-level memory: SC005 reports that the proxy cannot be sized
    }
    TaskDefinitionView td = found.get();
    int freeMemory = td.memory() - td.containerMemoryMib();
    int freeCpu = td.cpu() == null ? Integer.MAX_VALUE : td.cpu() - td.containerCpuUnits();
    String memoryReason = memoryReason(service, freeMemory);
    int neededMemory = memoryReason == null ? PROXY_MEMORY_MIB : PROXY_MEMORY_LARGE_MIB;
    if (freeCpu >= PROXY_CPU && freeMemory >= neededMemory) {
      return List.of();
    }
    String message =
        "The task ("
            + td.displayName()
            + ") leaves "
            + (td.cpu() == null ? "all task CPU" : freeCpu + " CPU units")
            + " and "
            + freeMemory
            + " MiB to the Service Connect proxy; it needs "
            + PROXY_CPU
            + " CPU units and "
            + neededMemory
            + " MiB"
            + (memoryReason == null ? "" : " (" + memoryReason + ")")
            + ".";
    Capacity capacity = Capacity.of(service.config(), td);
    if (!capacity.onFargate()) {
      return List.of(
          INFO.finding(service.resource(), "cpu/memory", message + " " + Capacity.ON_INSTANCES));
    }
    Finding finding = INFO.finding(service.resource(), "cpu/memory", message);
    if (td.cpu() == null) {
      return List.of(finding);
    }
    return List.of(priced(finding, service, td, neededMemory, capacity));
  }

  private Finding priced(
      Finding finding, ServiceSubject service, TaskDefinitionView td, int mem, Capacity capacity) {
    FargateSize current = new FargateSize(td.cpu(), td.memory());
    Optional<FargateSize> next =
        FargateSize.smallestFitting(
            Math.max(td.cpu(), td.containerCpuUnits() + PROXY_CPU),
            Math.max(td.memory(), td.containerMemoryMib() + mem));
    if (next.isEmpty()) {
      return finding.withRemediation(
          "No Fargate size is large enough: lower the containers' reservations by the shortfall.");
    }
    FargatePrice price = prices.fargate(service.region(), td.isArm());
    BigDecimal perTask = price.monthlyDelta(current, next.get());
    Integer tasks = service.config().desiredCount();
    BigDecimal total = tasks == null ? perTask : perTask.multiply(BigDecimal.valueOf(tasks));
    String cost =
        "+$"
            + perTask
            + " per task-month"
            + (tasks == null ? "" : ", +$" + total + " per month for " + tasks + " tasks")
            + price.note()
            + capacity.priceNote();
    return finding
        .withRemediation(
            "Move the task from "
                + current
                + " to the next valid Fargate size, "
                + next.get()
                + " ("
                + cost
                + "), or lower the containers' reservations.")
        .withMonthlyCost(total);
  }

  /** Why the proxy needs 128 MiB rather than 64, or {@code null} when 64 MiB is enough. */
  private static String memoryReason(ServiceSubject service, int free) {
    if (service.servesGrpc()) {
      return "gRPC: the proxy's memory grows with streams";
    }
    if (free < PROXY_MEMORY_MIB || free >= PROXY_MEMORY_LARGE_MIB) {
      return null; // the namespace cannot change the answer: skip the lookup
    }
    return service
        .namespace()
        .filter(ns -> ns.serviceCount() > LARGE_NAMESPACE_SERVICES)
        .map(SidecarHeadroomRule::largeNamespace)
        .orElse(null);
  }

  private static String largeNamespace(NamespaceView ns) {
    return "namespace " + ns.name() + " has " + ns.serviceCount() + " services";
  }
}
