package dev.ecsguardrail.notify;

import static dev.ecsguardrail.notify.NotificationRenderer.oneLine;
import static dev.ecsguardrail.notify.NotificationRenderer.orUnknown;

import dev.ecsguardrail.event.AlarmStateChange;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.SidecarMemoryAlarmRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SM001 when a proxy-memory alarm fires, and the recovery note in the same thread. Pure. Both carry
 * the alarm's severity, so a subscription that receives the alarm receives its recovery.
 */
public final class SidecarAlarmNotifications {

  public static final String KIND = "sidecar-memory";

  private static final RuleInfo SM001 = SidecarMemoryAlarmRule.INFO;

  private SidecarAlarmNotifications() {}

  public static Notification fired(AlarmStateChange alarm) {
    String severity = SM001.severity().name();
    String subject =
        "[" + severity + "] ecs-guardrail SM001 proxy memory of " + alarm.resource() + " high";
    String figures = figures(alarm);
    String chat =
        "*"
            + ChatMessage.md(alarm.resource())
            + "* serves gRPC through Service Connect: its proxy `"
            + ChatMessage.md(orUnknown(alarm.containerName()))
            + "` "
            + figures
            + "\nin "
            + ChatMessage.md(orUnknown(alarm.account()))
            + " / "
            + ChatMessage.md(orUnknown(alarm.region()))
            + " at "
            + alarm.time()
            + "\n\n• *SM001* "
            + severity
            + " — "
            + SM001.title()
            + "\n   <"
            + SM001.link()
            + "|SM001 explained>";
    String email =
        "ecs-guardrail: Service Connect proxy memory of "
            + alarm.resource()
            + " is high ("
            + severity
            + ")\n\n"
            + "What:  the proxy (Envoy) of gRPC service "
            + alarm.resource()
            + " "
            + figures
            + "\nWhere: account "
            + orUnknown(alarm.account())
            + ", "
            + orUnknown(alarm.region())
            + ", proxy container "
            + orUnknown(alarm.containerName())
            + "\nWhen:  "
            + alarm.time()
            + "\nAlarm: "
            + alarm.alarmArn()
            + "\nEvent: "
            + alarm.eventId()
            + "\n\nWhy it matters: "
            + SM001.rationale()
            + "\nWhat to do:     "
            + SM001.remediation()
            + "\n  aws ecs update-service --cluster "
            + alarm.clusterName()
            + " --service "
            + alarm.serviceName()
            + " --force-new-deployment\n"
            + "Rule: SM001, "
            + SM001.link()
            + "\n";
    return notification(
        alarm,
        subject,
        ChatMessage.custom(
                ChatMessage.emoji(severity)
                    + " "
                    + severity
                    + " · SM001 proxy memory of "
                    + ChatMessage.md(alarm.resource()),
                chat,
                List.of(
                    "Raise the task's memory headroom",
                    "`aws ecs update-service --cluster "
                        + ChatMessage.md(alarm.clusterName())
                        + " --service "
                        + ChatMessage.md(alarm.serviceName())
                        + " --force-new-deployment` recycles the proxy"),
                ChatMessage.keywords(severity, List.of(SM001.id())),
                threadId(alarm),
                oneLine(subject),
                KIND,
                List.of(alarm.alarmArn()))
            .toString(),
        email);
  }

  /** ALARM → OK: a short note in the alarm's thread. */
  public static Notification recovered(AlarmStateChange alarm) {
    String subject =
        "[OK] ecs-guardrail SM001 proxy memory of " + alarm.resource() + " back below threshold";
    String text =
        "The proxy memory of "
            + alarm.resource()
            + " is back below "
            + threshold(alarm)
            + " (at "
            + alarm.time()
            + "). The alarm's incident is over; the proxy's growth may return until the service is"
            + " redeployed.";
    return notification(
        alarm,
        subject,
        ChatMessage.custom(
                ":large_green_circle: OK · SM001 proxy memory of "
                    + ChatMessage.md(alarm.resource()),
                ChatMessage.md(text),
                List.of(),
                ChatMessage.keywords("OK", List.of(SM001.id())),
                threadId(alarm),
                oneLine(subject),
                KIND,
                List.of(alarm.alarmArn()))
            .toString(),
        "ecs-guardrail: " + text + "\n\nAlarm: " + alarm.alarmArn() + "\n");
  }

  private static Notification notification(
      AlarmStateChange alarm, String subject, String chat, String email) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", KIND);
    attributes.put("severity", SM001.severity().name());
    attributes.put("eventId", alarm.eventId());
    attributes.put("account", orUnknown(alarm.account()));
    attributes.put("region", orUnknown(alarm.region()));
    attributes.put("cluster", orUnknown(alarm.clusterName()));
    attributes.put("service", orUnknown(alarm.serviceName()));
    attributes.put("alarmState", alarm.state());
    var json = dev.ecsguardrail.event.StrictJson.MAPPER.createObjectNode();
    json.put("kind", KIND);
    json.put("ruleId", SM001.id());
    json.put("eventId", alarm.eventId());
    json.put("alarmArn", alarm.alarmArn());
    json.put("state", alarm.state());
    json.put("previousState", alarm.previousState());
    json.put("cluster", alarm.clusterName());
    json.put("service", alarm.serviceName());
    json.put("containerName", alarm.containerName());
    if (alarm.thresholdMib() != null) {
      json.put("thresholdMib", alarm.thresholdMib());
    }
    alarm.recentDatapoints().forEach(json.putArray("recentDatapointsMib")::add);
    return new Notification(
            oneLine(subject), chat, email, json.toString(), attributes, List.of(SM001.id()))
        .fitting(NotificationRenderer.MAX_SNS_BYTES);
  }

  /** One thread per alarm: the alert and its recovery. */
  static String threadId(AlarmStateChange alarm) {
    return "ecs-guardrail/alarm/" + alarm.alarmArn();
  }

  /** "went above 819 MiB: 830, 845, 861 MiB in the last periods". */
  private static String figures(AlarmStateChange alarm) {
    String recent =
        alarm.recentDatapoints().stream()
            .map(SidecarAlarmNotifications::mib)
            .collect(Collectors.joining(", "));
    return "went above "
        + threshold(alarm)
        + (recent.isEmpty() ? "" : ": " + recent + " MiB in the last periods");
  }

  private static String threshold(AlarmStateChange alarm) {
    return alarm.thresholdMib() == null ? "its threshold" : mib(alarm.thresholdMib()) + " MiB";
  }

  private static String mib(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
