package dev.ecsguardrail.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The AWS chat-app custom notification (schema version 1.0) that AWS Chatbot (Amazon Q Developer in
 * chat applications) renders in Slack: title, markdown description, next steps, and metadata with
 * the thread id.
 */
final class ChatMessage {

  /** No limits are documented; these keep a message readable and well inside Slack's own. */
  static final int MAX_TITLE = 250;

  static final int MAX_DESCRIPTION = 8000;

  private ChatMessage() {}

  static ObjectNode render(Alert alert) {
    ObjectNode root =
        custom(
            title(alert),
            description(alert),
            nextSteps(alert),
            keywords(alert.severity(), alert.ruleIds()),
            alert.threadId(),
            NotificationRenderer.subject(alert),
            alert.evaluation().kind(),
            relatedResources(alert));
    ObjectNode context = ((ObjectNode) root.get("metadata")).putObject("additionalContext");
    context.put("eventId", alert.evaluation().eventId());
    context.put("severity", alert.severity());
    return root;
  }

  /**
   * The custom-notification shape every message of the product uses, title and description capped.
   *
   * @param kind the message kind ({@code service-change}, {@code orphan}, ...): the event type is
   *     {@code ecs-guardrail.<kind>}
   */
  static ObjectNode custom(
      String title,
      String description,
      Collection<String> nextSteps,
      Collection<String> keywords,
      String threadId,
      String summary,
      String kind,
      Collection<String> relatedResources) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.put("source", "custom");
    ObjectNode content = root.putObject("content");
    content.put("textType", "client-markdown");
    content.put("title", cap(title, MAX_TITLE));
    content.put("description", cap(description, MAX_DESCRIPTION));
    ArrayNode steps = content.putArray("nextSteps");
    nextSteps.forEach(steps::add);
    ArrayNode words = content.putArray("keywords");
    keywords.forEach(words::add);
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("threadId", threadId);
    metadata.put("summary", md(summary)); // a preview Slack may show: escaped like the rest
    metadata.put("eventType", "ecs-guardrail." + kind);
    ArrayNode related = metadata.putArray("relatedResources");
    relatedResources.forEach(r -> related.add(md(r)));
    return root;
  }

  static List<String> keywords(String severity, List<String> ruleIds) {
    List<String> keywords = new ArrayList<>();
    keywords.add(severity);
    keywords.addAll(ruleIds);
    return keywords;
  }

  static String emoji(String severity) {
    return switch (severity) {
      case "HIGH" -> ":red_circle:";
      case "MEDIUM" -> ":large_orange_circle:";
      default -> ":large_yellow_circle:";
    };
  }

  private static String title(Alert alert) {
    return emoji(alert.severity())
        + " "
        + alert.severity()
        + " · "
        + (alert.evaluation().evaluable() ? alert.count() : "event not checked")
        + " on "
        + md(alert.resource());
  }

  private static String description(Alert alert) {
    StringBuilder out = new StringBuilder();
    ServiceChange change = alert.change();
    if (change != null) {
      out.append('*')
          .append(md(change.eventName()))
          .append("* of `")
          .append(md(alert.resource()))
          .append("` in ")
          .append(md(change.account()))
          .append(" / ")
          .append(md(change.region()))
          .append(" by ")
          .append(md(change.caller().principal()))
          .append(" (")
          .append(md(change.caller().tool()))
          .append(")\n");
    }
    if (alert.evaluation().reason() != null) {
      out.append(alert.evaluation().evaluable() ? "_Note:_ " : "_Not checked:_ ")
          .append(md(alert.evaluation().reason()))
          .append('\n');
    }
    for (Verdict v : alert.shown()) {
      Finding f = v.finding();
      String line =
          "\n• *"
              + f.ruleId()
              + "* "
              + f.severity()
              + " — "
              + f.title()
              + " ("
              + v.outcome().label()
              + ")\n   "
              + md(f.message())
              + (Alert.cost(f) == null ? "" : "\n   Cost: " + Alert.cost(f))
              + "\n   <"
              + f.link()
              + "|"
              + f.ruleId()
              + " explained>\n";
      if (out.length() + line.length() > MAX_DESCRIPTION - 100) {
        // Leave room for the trailer: the chat form shows fewer findings than the others.
        return out
            + "\n…and "
            + (alert.shown().size() - alert.shown().indexOf(v) + alert.hidden())
            + " more (see the e-mail or the logs, event "
            + md(alert.evaluation().eventId())
            + ")";
      }
      out.append(line);
    }
    if (alert.hidden() > 0) {
      out.append("\n…and ").append(alert.hidden()).append(" more");
    }
    if (alert.decision().actionResult() != null) {
      out.append("\n*Action:* ").append(md(alert.decision().actionResult()));
    }
    return out.toString();
  }

  private static Set<String> nextSteps(Alert alert) {
    Set<String> steps = new LinkedHashSet<>();
    for (Verdict v : alert.shown()) {
      steps.add(v.finding().ruleId() + ": " + md(v.finding().remediation()));
    }
    alert
        .decision()
        .blockAction()
        .filter(b -> alert.decision().actionResult() != null)
        .ifPresent(b -> b.undo().forEach(cmd -> steps.add("To undo the block: `" + md(cmd) + "`")));
    return steps;
  }

  private static Set<String> relatedResources(Alert alert) {
    Set<String> related = new LinkedHashSet<>();
    ServiceChange change = alert.change();
    if (change != null && change.evaluated() != null) {
      var service = change.evaluated();
      related.add(service.serviceArn() != null ? service.serviceArn() : service.resource());
      if (service.taskDefinition() != null) {
        related.add(service.taskDefinition());
      }
    }
    return related;
  }

  /**
   * Neutralises Slack control sequences in values that come from users (names, tags, messages): no
   * {@code <!channel>} mention and no disguised link ({@code &}, {@code <}, {@code >} escaped, the
   * only characters Slack reads as markup), and no line break or bidirectional override ({@link
   * UntrustedText#oneLine}). Markdown emphasis ({@code *}, {@code _}, {@code ~}, backticks) cannot
   * be escaped in Slack's mrkdwn and is left as sent: it can restyle text, never link or mention.
   */
  static String md(String s) {
    return s == null
        ? ""
        : UntrustedText.oneLine(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** The message indented, for a person to read ({@code check --format chat}). */
  static String pretty(String json) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(StrictJson.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the chat message is JSON", e);
    }
  }
}
