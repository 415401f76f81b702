package dev.ecsguardrail.alarm;

import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.ServiceConnectService;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which proxy-memory alarms should exist and how they differ from those that do. Pure.
 *
 * <p>A service is watched when Service Connect is on (its deployments say so, or its proxy reports
 * memory) and it serves gRPC (a Service Connect port, else any port mapping, with {@code
 * appProtocol grpc}), or every Service Connect service when the settings say so. The threshold is a
 * share of what the task leaves to the proxy: task memory minus the application containers' hard
 * limits, else reservations.
 */
public final class AlarmPlanner {

  private final SidecarAlarmSettings settings;

  public AlarmPlanner(SidecarAlarmSettings settings) {
    this.settings = settings;
  }

  /**
   * @param services every ACTIVE service in the reconcile's scope
   * @param existing the guardrail's alarms, by name
   * @param sawEverything every service in scope was listed: only then is an alarm without a service
   *     deleted (a failed listing must not delete what it did not see)
   */
  public AlarmPlan plan(
      List<WatchedService> services, Map<String, SidecarAlarm> existing, boolean sawEverything) {
    Map<String, SidecarAlarm> current = new LinkedHashMap<>(existing);
    List<SidecarAlarm> create = new ArrayList<>();
    List<SidecarAlarm> update = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    List<String> unwatchable = new ArrayList<>();
    List<String> keep = new ArrayList<>();
    int unchanged = 0;
    for (WatchedService service : services) {
      String name = SidecarAlarm.NAME_PREFIX + service.clusterName() + "-" + service.serviceName();
      if (service.taskDefinition() == null && serviceConnect(service)) {
        // Whether it serves gRPC is unknown: keep what exists, decide next time.
        unwatchable.add(service.resource() + ": its task definition could not be read");
        if (current.containsKey(name)) {
          keep.add(name);
        }
        continue;
      }
      if (!watched(service)) {
        continue;
      }
      Optional<Integer> budget = proxyMemoryMib(service.taskDefinition());
      if (budget.isEmpty() || budget.get() <= 0) {
        unwatchable.add(service.resource() + ": " + whyUnwatchable(service.taskDefinition()));
        continue;
      }
      if (service.proxyContainers().isEmpty()) {
        pending.add(service.resource());
        if (current.containsKey(name)) {
          keep.add(name); // the proxy stopped reporting for now (scaled to 0): keep the alarm
        }
        continue;
      }
      SidecarAlarm desired =
          new SidecarAlarm(
              service.clusterName(),
              service.serviceName(),
              // The suffix is random; when tasks report under several, watch one, the same each
              // time, so reconciles do not flap.
              service.proxyContainers().stream().sorted().findFirst().orElseThrow(),
              budget.get() * settings.thresholdPercent() / 100,
              settings.periodSeconds(),
              settings.evaluationPeriods(),
              settings.datapointsToAlarm());
      keep.add(name);
      SidecarAlarm now = current.get(name);
      if (now == null) {
        create.add(desired);
      } else if (!now.equals(desired)) {
        update.add(desired);
      } else {
        unchanged++;
      }
    }
    List<String> delete =
        sawEverything
            ? current.keySet().stream().filter(n -> !keep.contains(n)).toList()
            : List.of();
    return new AlarmPlan(create, update, delete, pending, unwatchable, unchanged);
  }

  private boolean watched(WatchedService service) {
    return serviceConnect(service) && (settings.allServiceConnect() || servesGrpc(service));
  }

  private static boolean serviceConnect(WatchedService service) {
    ServiceConfig config = service.config();
    return (config != null && config.serviceConnectEnabled())
        || !service.proxyContainers().isEmpty();
  }

  /** Its Service Connect ports; where the configuration names none, any port of the task. */
  static boolean servesGrpc(WatchedService service) {
    TaskDefinitionView td = service.taskDefinition();
    List<ServiceConnectService> ports =
        service.config() == null ? List.of() : service.config().serviceConnect().services();
    if (ports.isEmpty()) {
      return td.containers().stream()
          .flatMap(c -> c.ports().stream())
          .anyMatch(PortMapping::isGrpc);
    }
    return ports.stream()
        .flatMap(p -> td.port(p.portName()).stream())
        .anyMatch(PortMapping::isGrpc);
  }

  /** What the task leaves to the proxy, MiB; empty without task-level memory. */
  static Optional<Integer> proxyMemoryMib(TaskDefinitionView td) {
    if (td.memory() == null) {
      return Optional.empty();
    }
    return Optional.of(td.memory() - td.containerMemoryMib());
  }

  private static String whyUnwatchable(TaskDefinitionView td) {
    if (td.memory() == null) {
      return td.displayName() + " has no task-level memory: the proxy's memory has no budget";
    }
    return td.displayName()
        + " leaves the proxy no memory: its containers reserve "
        + td.containerMemoryMib()
        + " of "
        + td.memory()
        + " MiB";
  }
}
