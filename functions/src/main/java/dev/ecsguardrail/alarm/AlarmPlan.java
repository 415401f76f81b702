package dev.ecsguardrail.alarm;

import java.util.List;

/**
 * What a reconcile does.
 *
 * @param delete names of the guardrail's alarms whose service is gone or no longer watched
 * @param pending services to watch whose proxy has not reported memory yet: the next reconcile
 *     creates their alarm
 * @param unwatchable services to watch that cannot be, and why (SC005 reports them too)
 */
public record AlarmPlan(
    List<SidecarAlarm> create,
    List<SidecarAlarm> update,
    List<String> delete,
    List<String> pending,
    List<String> unwatchable,
    int unchanged) {

  public AlarmPlan {
    create = List.copyOf(create);
    update = List.copyOf(update);
    delete = List.copyOf(delete);
    pending = List.copyOf(pending);
    unwatchable = List.copyOf(unwatchable);
  }

  public boolean changesNothing() {
    return create.isEmpty() && update.isEmpty() && delete.isEmpty();
  }
}
