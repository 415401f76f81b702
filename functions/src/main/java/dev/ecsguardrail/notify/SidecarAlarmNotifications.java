package dev.ecsguardrail.notify;

import static dev.ecsguardrail.notify.NotificationRenderer.oneLine;
import static dev.ecsguardrail.notify.NotificationRenderer.orUnknown;

import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.SidecarMemoryAlarmRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SM001 when a proxy-memory alarm fires, and the recovery note in the same thread. Pure. Both carry
 * the alarm's severity, so a subscription that receives the alarm receives its recovery.
 */
public final class SidecarAlarmNotifications {

  public static final String KIND = "sidecar-memory";

  private static final RuleInfo SM001 = SidecarMemoryAlarmRule.INFO;

  private SidecarAlarmNotifications() {}

  public static Notification fired(AlarmStateChange alarm, Decision decision) {
    String severity = SM001.severity().name();
    String subject =
        "[" + severity + "] ecs-guardrail SM001 proxy memory of " + alarm.resource() + " high";
    String figures = SidecarMemoryAlarmRule.figures(alarm);
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
        decision,
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
  public static Notification recovered(AlarmStateChange alarm, Decision decision) {
    String subject =
        "[OK] ecs-guardrail SM001 proxy memory of " + alarm.resource() + " back below threshold";
    String text =
        "The proxy memory of "
            + alarm.resource()
            + " is back below "
            + SidecarMemoryAlarmRule.threshold(alarm)
            + " (at "
            + alarm.time()
            + "). The alarm's incident is over; the proxy's growth may return until the service is"
            + " redeployed.";
    return notification(
        alarm,
        decision,
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

  /** The SQS body is the decision in the one schema, like every other alert's. */
  private static Notification notification(
      AlarmStateChange alarm, Decision decision, String subject, String chat, String email) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", KIND);
    attributes.put("severity", SM001.severity().name());
    attributes.put("eventId", alarm.eventId());
    attributes.put("account", orUnknown(alarm.account()));
    attributes.put("region", orUnknown(alarm.region()));
    attributes.put("cluster", orUnknown(alarm.clusterName()));
    attributes.put("service", orUnknown(alarm.serviceName()));
    attributes.put("alarmState", alarm.state());
    return new Notification(
            oneLine(subject),
            chat,
            email,
            DecisionJson.toJson(decision).toString(),
            attributes,
            List.of(SM001.id()))
        .fitting(NotificationRenderer.MAX_SNS_BYTES);
  }

  /** One thread per alarm: the alert and its recovery. */
  static String threadId(AlarmStateChange alarm) {
    return "ecs-guardrail/alarm/" + alarm.alarmArn();
  }
}
