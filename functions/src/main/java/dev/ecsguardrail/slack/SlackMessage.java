package dev.ecsguardrail.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders one SNS message as a Slack incoming-webhook payload ({@code text} for notifications,
 * {@code blocks} for the message). Pure.
 *
 * <p>An AWS chat-app custom notification ({@code content.title} and {@code content.description}
 * present and well typed) becomes a header, its description, its next steps as a list and a context
 * line with the summary and related resources. Anything else (a CloudWatch alarm's JSON, plain
 * text, a damaged notification) is forwarded whole as the subject and the message text: never
 * dropped.
 *
 * <p>Every value from the message is escaped ({@code &}, {@code <}, {@code >}, and control
 * characters shown as spaces): names and tags are user-controlled, and unescaped they could ping
 * the channel ({@code <!channel>}) or plant a link whose label hides its target ({@code
 * <https://evil|click>}). A chat notification may come with those escapes applied already
 * (notify.ChatMessage escapes user values): its values are decoded first, so that they are escaped
 * exactly once whoever published them. Slack links in the description and next steps (the
 * notification's rule links) are shown as {@code label (url)}: usable, and the target in plain
 * sight. A long description is split over several sections; other texts, and a description past
 * {@link #DESCRIPTION_MAX}, are cut to Slack's block limits with a visible marker.
 */
public final class SlackMessage {

  /** Slack's limit for a header block's text. */
  static final int HEADER_MAX = 150;

  /** Slack's limit for a section's (and a context element's) text. */
  static final int TEXT_MAX = 3000;

  /** The longest description shown (escaped), over several sections. */
  static final int DESCRIPTION_MAX = 3 * TEXT_MAX;

  static final String TRUNCATED = "…(truncated)";

  /** Slack's three escapes, as a chat notification may already carry them. */
  private static final Pattern SLACK_ESCAPE = Pattern.compile("&(amp|lt|gt);");

  /** A Slack link, {@code <https://...|label>}, in the notification's mrkdwn. */
  private static final Pattern SLACK_LINK = Pattern.compile("<(https?://[^|<>\\s]+)\\|([^<>]+)>");

  /** Control characters shown as a space: everything {@link Character#isISOControl} but \n, \t. */
  private static final Pattern CONTROL =
      Pattern.compile(
          "[\\x{00}-\\x{08}\\x{0B}-\\x{1F}\\x{7F}-\\x{9F}\\x{2028}\\x{2029}\\x{061C}"
              + "\\x{200E}\\x{200F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");

  /** Related resources listed in the context line; the rest are counted. */
  static final int RESOURCES_SHOWN = 10;

  private static final String FALLBACK_HEADER = "SNS notification";

  private SlackMessage() {}

  /**
   * The payload for one SNS message.
   *
   * @param subject the SNS subject, or {@code null}
   * @param message the SNS message body
   */
  public static ObjectNode render(String subject, String message) {
    JsonNode tree = StrictJson.treeOrNull(message.getBytes(StandardCharsets.UTF_8));
    if (tree != null && tree.isObject()) {
      try {
        return chat(tree);
      } catch (MalformedEventException notAChatNotification) {
        // Not the custom-notification shape: forwarded as text below.
      }
    }
    return plain(subject, message, tree);
  }

  private static ObjectNode chat(JsonNode notification) {
    JsonNode content = StrictJson.requiredObject(notification, "content", "$");
    String title = decoded(StrictJson.requiredText(content, "title", "$.content"));
    String description = decoded(StrictJson.requiredText(content, "description", "$.content"));
    List<String> nextSteps =
        StrictJson.texts(content, "nextSteps", "$.content").stream()
            .map(SlackMessage::decoded)
            .toList();
    JsonNode metadata = StrictJson.object(notification, "metadata", "$");
    String summary = decoded(StrictJson.text(metadata, "summary", "$.metadata"));
    List<String> resources =
        StrictJson.texts(metadata, "relatedResources", "$.metadata").stream()
            .map(SlackMessage::decoded)
            .toList();

    ObjectNode payload = StrictJson.MAPPER.createObjectNode();
    payload.put(
        "text",
        fit(summary == null || summary.isBlank() ? title : title + ": " + summary, TEXT_MAX));
    ArrayNode blocks = payload.putArray("blocks");
    blocks.add(header(title));
    sections(fit(readable(description), DESCRIPTION_MAX)).forEach(s -> blocks.add(section(s)));
    if (!nextSteps.isEmpty()) {
      String heading = "*Next steps*\n";
      String list = String.join("\n", nextSteps.stream().map(s -> "• " + readable(s)).toList());
      blocks.add(section(heading + fit(list, TEXT_MAX - heading.length())));
    }
    List<String> context = new ArrayList<>();
    if (summary != null && !summary.isBlank()) {
      context.add(fit(summary, TEXT_MAX));
    }
    if (!resources.isEmpty()) {
      String label = "Resources: ";
      context.add(label + fit(resourceList(resources), TEXT_MAX - label.length()));
    }
    if (!context.isEmpty()) {
      ObjectNode block = blocks.addObject().put("type", "context");
      ArrayNode elements = block.putArray("elements");
      context.forEach(text -> elements.addObject().put("type", "mrkdwn").put("text", text));
    }
    return payload;
  }

  /** Subject as the header, the message whole (JSON pretty-printed in a code block). */
  private static ObjectNode plain(String subject, String message, JsonNode tree) {
    String title = subject == null || subject.isBlank() ? FALLBACK_HEADER : subject;
    ObjectNode payload = StrictJson.MAPPER.createObjectNode();
    payload.put("text", fit(title, TEXT_MAX));
    ArrayNode blocks = payload.putArray("blocks");
    blocks.add(header(title));
    if (tree != null && tree.isContainerNode()) {
      String open = "```\n";
      String close = "\n```";
      int room = TEXT_MAX - open.length() - close.length();
      blocks.add(section(open + fit(tree.toPrettyString(), room) + close));
    } else if (!message.isBlank()) {
      blocks.add(section(fit(message, TEXT_MAX)));
    }
    return payload;
  }

  private static ObjectNode header(String title) {
    ObjectNode block = StrictJson.MAPPER.createObjectNode().put("type", "header");
    // A header is one line.
    String oneLine = title.replaceAll("\\s+", " ").strip();
    block
        .putObject("text")
        .put("type", "plain_text")
        .put("text", fit(oneLine, HEADER_MAX))
        .put("emoji", true);
    return block;
  }

  private static ObjectNode section(String mrkdwn) {
    ObjectNode block = StrictJson.MAPPER.createObjectNode().put("type", "section");
    block.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    return block;
  }

  private static String resourceList(List<String> resources) {
    String shown =
        String.join(", ", resources.subList(0, Math.min(RESOURCES_SHOWN, resources.size())));
    int more = resources.size() - RESOURCES_SHOWN;
    return more > 0 ? shown + " and " + more + " more" : shown;
  }

  /** {@code mrkdwn} with Slack's escapes undone ({@code null} stays {@code null}). */
  private static String decoded(String mrkdwn) {
    if (mrkdwn == null) {
      return null;
    }
    return SLACK_ESCAPE
        .matcher(mrkdwn)
        .replaceAll(
            m ->
                switch (m.group(1)) {
                  case "lt" -> "<";
                  case "gt" -> ">";
                  default -> "&";
                });
  }

  /**
   * Markdown as Slack shows it: {@code **bold**} becomes {@code *bold*}, and a Slack link becomes
   * {@code label (url)}, both before escaping.
   */
  private static String readable(String markdown) {
    String bold = markdown.replaceAll("\\*\\*(.+?)\\*\\*", "*$1*");
    return SLACK_LINK
        .matcher(bold)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(2) + " (" + m.group(1) + ")"));
  }

  /**
   * Escaped text in pieces of at most {@link #TEXT_MAX} characters, cut at a line break in the
   * second half of a piece when there is one, and never inside an escape or a surrogate pair.
   */
  static List<String> sections(String escaped) {
    List<String> sections = new ArrayList<>();
    String rest = escaped;
    while (rest.length() > TEXT_MAX) {
      int cut = cutPoint(rest);
      sections.add(rest.substring(0, cut));
      rest = rest.substring(rest.charAt(cut) == '\n' ? cut + 1 : cut);
    }
    sections.add(rest);
    sections.removeIf(String::isBlank);
    return sections;
  }

  private static int cutPoint(String escaped) {
    int lineBreak = escaped.lastIndexOf('\n', TEXT_MAX);
    if (lineBreak > TEXT_MAX / 2) {
      return lineBreak;
    }
    int cut = TEXT_MAX;
    if (Character.isLowSurrogate(escaped.charAt(cut))) {
      cut--;
    }
    // In escaped text every '&' opens an escape of at most 5 characters (&amp;).
    int ampersand = escaped.lastIndexOf('&', cut - 1);
    if (ampersand > cut - 5 && escaped.indexOf(';', ampersand) >= cut) {
      cut = ampersand;
    }
    return cut;
  }

  /**
   * {@code raw} escaped for Slack, at most {@code max} characters: when longer, cut at a character
   * boundary (never inside an escape or a surrogate pair) and marked {@link #TRUNCATED}.
   */
  static String fit(String raw, int max) {
    String escaped = escape(raw);
    if (escaped.length() <= max) {
      return escaped;
    }
    int budget = max - TRUNCATED.length();
    StringBuilder out = new StringBuilder(max);
    for (int i = 0; i < raw.length(); ) {
      int codePoint = raw.codePointAt(i);
      String piece = escape(Character.toString(codePoint));
      if (out.length() + piece.length() > budget) {
        break;
      }
      out.append(piece);
      i += Character.charCount(codePoint);
    }
    return out.append(TRUNCATED).toString();
  }

  /**
   * The three characters Slack reads as markup escaped, and the control characters (all but line
   * breaks and tabs: NUL, carriage returns, the ESC of ANSI sequences, C1, the Unicode separators,
   * bidirectional marks and overrides) replaced by a space, one for one; everything else is shown
   * as sent.
   */
  static String escape(String raw) {
    return CONTROL
        .matcher(raw)
        .replaceAll(" ")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
