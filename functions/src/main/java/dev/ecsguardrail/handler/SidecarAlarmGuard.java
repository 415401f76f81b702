package dev.ecsguardrail.handler;

import static dev.ecsguardrail.log.LogFields.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.AlarmStateChange;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.MalformedEventException;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.notify.Topic;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a proxy-memory alarm's state change into SM001 (ALARM) or a recovery note (ALARM → OK),
 * once per event; INSUFFICIENT_DATA and other changes are logged only. An event that cannot be read
 * is reported, never dropped.
 */
public final class SidecarAlarmGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarAlarmGuard.class);

  private final Topic topic;
  private final EventLedger ledger;

  public SidecarAlarmGuard(Topic topic, EventLedger ledger) {
    this.topic = topic;
    this.ledger = ledger;
  }

  /** What was done: {@code fired}, {@code recovered}, {@code logged}, {@code duplicate}, ... */
  public String handle(byte[] event) {
    JsonNode envelope = StrictJson.treeOrNull(event);
    AlarmStateChange alarm;
    try {
      if (envelope == null) {
        throw new MalformedEventException("not JSON");
      }
      alarm = AlarmStateChangeParser.parse(envelope);
    } catch (MalformedEventException e) {
      String id = envelope == null ? "unknown" : envelope.path("id").asText("unknown");
      LOG.error("alarm event unreadable", entry("eventId", id), entry("reason", e.getMessage()));
      topic.publish(
          NotificationRenderer.operational(
              "EV001: an alarm state change could not be read",
              e.getMessage(),
              "Check the event in the function's logs (eventId " + id + ").",
              "ecs-guardrail/alarm-events"));
      return "unreadable";
    }
    if (!alarm.fired() && !alarm.recovered()) {
      LOG.info(
          "alarm state logged",
          entry("eventId", alarm.eventId()),
          entry("alarm", alarm.alarmName()),
          entry("state", alarm.state()),
          entry("previousState", String.valueOf(alarm.previousState())));
      return "logged";
    }
    Optional<Boolean> sent =
        ledger.once(
            "alarm/" + alarm.eventId(),
            claim -> {
              topic.publish(
                  alarm.fired()
                      ? SidecarAlarmNotifications.fired(alarm)
                      : SidecarAlarmNotifications.recovered(alarm));
              return true;
            });
    if (sent.isEmpty()) {
      return "duplicate";
    }
    LOG.info(
        alarm.fired() ? "SM001" : "SM001 recovered",
        entry("eventId", alarm.eventId()),
        entry("resource", alarm.resource()),
        entry("alarm", alarm.alarmArn()));
    return alarm.fired() ? "fired" : "recovered";
  }
}
