package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.policy.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a decision as one notification: chat JSON, e-mail text, machine JSON, subject and
 * filterable attributes. Pure. Keeps the whole message under SNS's size limit by showing fewer
 * findings ("and N more").
 */
public final class NotificationRenderer {

  /** SNS rejects subjects of 100 characters or more. */
  static final int MAX_SUBJECT = 99;

  static final String OPERATIONAL = "operational";

  /** SNS's limit is 262,144 bytes for message and attributes; keep a margin for the envelope. */
  static final int MAX_SNS_BYTES = 256 * 1024 - 6 * 1024;

  private NotificationRenderer() {}

  public static Notification render(Decision decision) {
    return render(decision, MAX_SNS_BYTES);
  }

  static Notification render(Decision decision, int maxBytes) {
    int limit = decision.alerted().size();
    while (true) {
      Notification n = render(Alert.of(decision, limit));
      if (n.snsSize() <= maxBytes) {
        return n;
      }
      // Values from the event can be what is too long (a 100 KB user agent or error message):
      // cut them before leaving findings out.
      Notification cut = n.withTextsCut(Notification.LONG_TEXT);
      if (cut.snsSize() <= maxBytes) {
        return cut;
      }
      if (limit == 0) {
        return n.fitting(maxBytes);
      }
      limit /= 2;
    }
  }

  private static Notification render(Alert alert) {
    return new Notification(
        subject(alert),
        ChatMessage.render(alert).toString(),
        EmailText.render(alert),
        DecisionJson.toJson(
                alert.decision(), alert.verdicts(), alert.hidden() + alert.hiddenSilent())
            .toString(),
        attributes(alert),
        alert.ruleIds());
  }

  /**
   * A problem with the guardrail itself (a bad policy document): kind {@code operational}, so a
   * platform team can route it apart from findings.
   */
  public static Notification operational(
      String title, String detail, String remediation, String threadId) {
    ObjectNode chat =
        ChatMessage.custom(
            ":wrench: ecs-guardrail: " + title,
            ChatMessage.md(detail),
            List.of(remediation),
            List.of("MEDIUM", OPERATIONAL),
            threadId,
            title,
            OPERATIONAL,
            List.of(threadId));
    ObjectNode json = StrictJson.MAPPER.createObjectNode();
    json.put("kind", OPERATIONAL);
    json.put("title", title);
    json.put("detail", detail);
    json.put("remediation", remediation);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", OPERATIONAL);
    attributes.put("severity", "MEDIUM");
    for (String unknown : List.of("account", "region", "cluster", "service")) {
      attributes.put(unknown, "unknown");
    }
    return new Notification(
        oneLine("[MEDIUM] ecs-guardrail " + title),
        chat.toString(),
        "ecs-guardrail: " + title + "\n\n" + detail + "\n\nWhat to do: " + remediation + "\n",
        json.toString(),
        attributes,
        List.of());
  }

  static String subject(Alert alert) {
    String what =
        alert.evaluation().evaluable()
            ? String.join(",", alert.ruleIds()) + " on " + alert.resource()
            : "cannot evaluate event " + alert.evaluation().eventId();
    return oneLine("[" + alert.severity() + "] ecs-guardrail " + what);
  }

  static String oneLine(String subject) {
    // SNS refuses line breaks and control characters, C1 and Unicode separators included; the
    // bidirectional overrides go too (a subject is read in a mail client's list).
    String oneLine = UntrustedText.oneLine(subject);
    return oneLine.length() <= MAX_SUBJECT
        ? oneLine
        : oneLine.substring(0, MAX_SUBJECT - 3) + "...";
  }

  /** On every message, so subscribers can filter: unknown values say so rather than go missing. */
  static Map<String, String> attributes(Alert alert) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", alert.evaluation().kind());
    attributes.put("severity", alert.severity());
    attributes.put("eventId", orUnknown(alert.evaluation().eventId()));
    var change = alert.change();
    var service = change == null ? null : change.evaluated();
    attributes.put("account", orUnknown(alert.account()));
    attributes.put("region", orUnknown(alert.region()));
    attributes.put("cluster", service == null ? "unknown" : orUnknown(service.clusterName()));
    attributes.put(
        "service",
        service == null
            ? "unknown"
            : service.resource().substring(service.resource().indexOf('/') + 1));
    return attributes;
  }

  static String orUnknown(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }
}
