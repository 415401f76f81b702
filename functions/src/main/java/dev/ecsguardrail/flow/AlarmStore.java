package dev.ecsguardrail.flow;

import dev.ecsguardrail.alarm.SidecarAlarm;
import java.util.List;
import java.util.Map;

/**
 * Where the reconcile reads what the proxies report and keeps the guardrail's alarms (CloudWatch).
 */
public interface AlarmStore {

  /** The proxy containers that reported memory lately, by {@code cluster/service}. */
  Map<String, List<String>> proxyContainers();

  /** The guardrail's alarms by their names, read back as the settings they were written with. */
  Map<String, SidecarAlarm> alarms();

  /** Creates or replaces the alarm, tagged as the guardrail's. */
  void put(SidecarAlarm alarm);

  /** Deletes these alarms of the guardrail's. */
  void delete(List<String> names);
}
