package dev.ecsguardrail.orphan;

import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.cost.AlarmPrice;
import dev.ecsguardrail.model.Orphan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guardrail's proxy-memory alarms whose service is gone (the hourly reconcile deletes them; one
 * left here means the reconcile is not running). Pure; judged only from a complete ECS listing.
 */
public final class LeftBehindAlarms {

  private LeftBehindAlarms() {}

  public static List<Orphan> find(Inventory inventory, AlarmPrice price) {
    if (inventory.alarms() == null || !inventory.ecsComplete()) {
      return List.of();
    }
    Set<String> services = new HashSet<>();
    inventory.ecsServices().stream()
        .filter(s -> s.config() != null)
        .forEach(s -> services.add(resource(s.clusterArn(), s.config().serviceName())));
    return inventory.alarms().entrySet().stream()
        .filter(e -> !services.contains(e.getValue().resource()))
        .map(e -> orphan(inventory, e, price))
        .toList();
  }

  private static Orphan orphan(
      Inventory inventory, Map.Entry<String, SidecarAlarm> alarm, AlarmPrice price) {
    return new Orphan(
        Orphan.ALARM,
        "arn:aws:cloudwatch:"
            + inventory.region()
            + ":"
            + inventory.account()
            + ":alarm:"
            + alarm.getKey(),
        alarm.getKey(),
        "CloudWatch alarm",
        0,
        0,
        price.monthly(1),
        "no ACTIVE service "
            + alarm.getValue().resource()
            + " is left for it to watch (the hourly reconcile should have deleted it: check"
            + " SidecarAlarmReconcileFunction)",
        List.of("aws cloudwatch delete-alarms --alarm-names " + alarm.getKey()));
  }

  private static String resource(String clusterArn, String serviceName) {
    return clusterArn.substring(clusterArn.lastIndexOf('/') + 1)
        + "/"
        + serviceName.substring(serviceName.lastIndexOf('/') + 1);
  }
}
