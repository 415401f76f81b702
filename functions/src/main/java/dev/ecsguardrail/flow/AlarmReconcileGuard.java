package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.alarm.AlarmPlan;
import dev.ecsguardrail.alarm.AlarmPlanner;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.alarm.WatchedService;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one proxy-memory alarm per watched service: creates the missing, updates those whose
 * threshold or proxy changed, deletes those whose service is gone. The whole Region each time, so
 * an event or a schedule run converge to the same state.
 */
public final class AlarmReconcileGuard {

  private static final Logger LOG = LoggerFactory.getLogger(AlarmReconcileGuard.class);

  private final InventorySource inventories;
  private final AlarmStore alarms;
  private final AlarmPlanner planner;

  public AlarmReconcileGuard(InventorySource inventories, AlarmStore alarms, AlarmPlanner planner) {
    this.inventories = inventories;
    this.alarms = alarms;
    this.planner = planner;
  }

  /**
   * @param skipped what the listing could not read: while anything is, nothing is deleted
   */
  public record Result(AlarmPlan plan, List<String> skipped) {}

  public Result reconcile(String account, String region, Instant deadline) {
    Inventory inventory = inventories.services(account, region, deadline);
    Map<String, List<String>> proxies = alarms.proxyContainers();
    Map<String, SidecarAlarm> existing = alarms.alarms();
    List<WatchedService> services =
        inventory.ecsServices().stream()
            .filter(s -> s.config() != null)
            .map(s -> watched(s, inventory, proxies))
            .toList();
    boolean sawEverything =
        inventory.complete() && inventory.ecsServices().stream().allMatch(s -> s.config() != null);
    AlarmPlan plan = planner.plan(services, existing, sawEverything);
    plan.create().forEach(alarms::put);
    plan.update().forEach(alarms::put);
    alarms.delete(plan.delete());
    LOG.info(
        "alarms reconciled",
        entry("created", plan.create().stream().map(SidecarAlarm::name).toList()),
        entry("updated", plan.update().stream().map(SidecarAlarm::name).toList()),
        entry("deleted", plan.delete()),
        entry("unchanged", plan.unchanged()),
        entry("pending", plan.pending()),
        entry("unwatchable", plan.unwatchable()),
        entry("skipped", inventory.skipped()));
    return new Result(plan, inventory.skipped());
  }

  private static WatchedService watched(
      EcsService service, Inventory inventory, Map<String, List<String>> proxies) {
    String cluster = service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
    String name = service.config().serviceName();
    name = name.substring(name.lastIndexOf('/') + 1);
    String td = service.config().taskDefinition();
    return new WatchedService(
        cluster,
        name,
        service.config(),
        td == null ? null : inventory.taskDefinitions().get(td),
        proxies.getOrDefault(cluster + "/" + name, List.of()));
  }
}
