package dev.ecsguardrail.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.flow.EventLedger;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.slack.SlackMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resource names, tags, user agents, event ids and error messages are written by whoever makes the
 * call: in every message and log line they must be inert. Each case puts a hostile value in one
 * place of a sample event, runs the Lambda's flow (ServiceChangeGuard, with the logs captured as
 * Powertools writes them), and reads what it published, and the Slack payload the forwarder would
 * post for it.
 */
class UntrustedInputTest {

  /** Mentions, links, Markdown and control characters; no slash, so it survives in a name. */
  static final String HOSTILE =
      "<!channel> @here <@U123> <mailto:a@evil.example|click> *bold* `code` ~strike~"
          + " nul\u0000 crlf\r\nInjected: line \u202Eevil \u001B[31mred\u001B[0m \u2028sep";

  /** The same with a disguised web link, for free text (error messages). */
  static final String HOSTILE_TEXT = HOSTILE + " <https://evil.example/login|open the console>";

  /** A user agent whose first token (what CallerReader shows as the tool) is hostile. */
  static final String HOSTILE_AGENT =
      "<!channel>@here<@U123><mailto:a@evil.example|click>*bold*`code`~strike~\u0000\u202E"
          + "\u001B[31mred\r\nInjected:line other/1.0";

  /** What must not be left of them: raw mention and link syntax, controls, bidi overrides. */
  private static final List<String> RAW = List.of("<!", "<@", "<mailto", "<https://evil", "\u001B");

  private static final Pattern CONTROL_BUT_NEWLINE =
      Pattern.compile(
          "[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");

  /** The rule links the product writes itself, the only Slack link syntax allowed. */
  private static final Pattern RULE_LINK =
      Pattern.compile("<https://docs\\.aws\\.amazon\\.com/[^|<>\\s]+\\|[A-Z]{2}\\d{3} explained>");

  /** Where a value goes: the sample event and how to put it there. */
  record Case(String where, String sample, BiConsumer<ObjectNode, String> put, String value) {
    @Override
    public String toString() {
      return where;
    }
  }

  static Stream<Case> cases() {
    String service = "/detail/responseElements/service";
    String sc002 = "create-service-sc-no-app-protocol.json";
    String grpc = "create-service-sc-grpc-no-headroom.json";
    return Stream.of(
        new Case(
            "service name",
            sc002,
            (e, v) -> {
              set(e, "/detail/requestParameters", "serviceName", v);
              set(e, service, "serviceName", v);
              set(e, service, "serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/prod/" + v);
            },
            HOSTILE),
        new Case(
            "cluster name",
            sc002,
            (e, v) -> {
              set(e, "/detail/requestParameters", "cluster", v);
              set(e, service, "clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/" + v);
            },
            HOSTILE),
        new Case(
            "exemption tag value",
            grpc,
            (e, v) -> tags(e, "ecs-guardrail:exempt", "SC011," + v),
            HOSTILE),
        new Case(
            "exempt-until tag value",
            grpc,
            (e, v) -> tags(e, "ecs-guardrail:exempt", "SC011", "ecs-guardrail:exempt-until", v),
            HOSTILE),
        new Case("user agent", sc002, (e, v) -> set(e, "/detail", "userAgent", v), HOSTILE_AGENT),
        new Case("principal", sc002, (e, v) -> set(e, "/detail/userIdentity", "arn", v), HOSTILE),
        new Case(
            "error message of a failed call",
            "create-service-codedeploy-rejected.json",
            (e, v) -> set(e, "/detail", "errorMessage", v),
            HOSTILE_TEXT),
        new Case(
            "event id of an event that cannot be evaluated",
            "malformed-wrong-types.json",
            (e, v) -> set(e, "/detail", "eventID", v),
            HOSTILE));
  }

  private static void set(ObjectNode event, String at, String field, String value) {
    ((ObjectNode) event.at(at)).put(field, value);
  }

  /** Tags on the request and on the service ECS answered with (where the guard reads them). */
  private static void tags(ObjectNode event, String... keyValues) {
    for (String at : List.of("/detail/requestParameters", "/detail/responseElements/service")) {
      ArrayNode tags = ((ObjectNode) event.at(at)).putArray("tags");
      for (int i = 0; i < keyValues.length; i += 2) {
        tags.addObject().put("key", keyValues[i]).put("value", keyValues[i + 1]);
      }
    }
  }

  /** What the Lambda's flow published and logged for one event. */
  private record Outcome(List<Notification> published, List<String> logLines) {}

  private static Outcome handle(byte[] event) {
    List<Notification> published = new ArrayList<>();
    EventLedger ledger =
        new EventLedger() {
          @Override
          public Optional<Claim> claim(String key) {
            return Optional.of(new Claim(key, false));
          }

          @Override
          public void markBlocked(Claim claim) {}

          @Override
          public void complete(Claim claim) {}

          @Override
          public void release(Claim claim) {}
        };
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    ServiceChangeGuard guard =
        new ServiceChangeGuard(
            new ServiceChangeCheck(RuleCatalog.SERVICE_RULES),
            SampleContext.samples(),
            published::add,
            ledger,
            new PolicyCache(Optional::empty, clock),
            action -> {},
            false,
            SecurityHubPublisher.OFF,
            clock);
    try (LogCapture logs = new LogCapture()) {
      guard.handle(event);
      return new Outcome(published, logs.lines());
    }
  }

  private static byte[] event(String sample, Consumer<ObjectNode> change) {
    ObjectNode event = (ObjectNode) Mutations.samples("", n -> n.equals(sample)).get(sample);
    change.accept(event);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileValue_isInertEverywhere(Case c) {
    String where = c.where();
    Outcome benign = handle(event(c.sample(), e -> c.put().accept(e, "harmless")));
    Outcome hostile = handle(event(c.sample(), e -> c.put().accept(e, c.value())));

    assertEquals(1, hostile.published().size(), where + ": one alert");
    Notification n = hostile.published().getFirst();
    String all = (n.chat() + n.email() + n.subject() + n.json()).toLowerCase(Locale.ROOT);
    assertTrue(
        all.contains("@here"), () -> where + ": the value is shown (not dropped): " + n.email());

    assertSubjectIsOneShortLine(where, n.subject());
    assertChatIsInert(where, n.chat());
    assertEmailIsInert(where, n.email(), benign.published().getFirst().email());
    assertSlackIsInert(where, SlackMessage.render(n.subject(), n.chat()));
    assertLogsAreJsonWithControlsEscaped(where, hostile.logLines());
  }

  /**
   * The forwarder also posts what other publishers send (the stack's alarms, a damaged or older
   * notification): control characters there are shown as spaces, mentions and links escaped.
   */
  @Test
  void slackMessage_ofAnotherPublisher_isInertToo() {
    ObjectNode chat = StrictJson.MAPPER.createObjectNode();
    chat.putObject("content").put("title", "t " + HOSTILE).put("description", HOSTILE_TEXT);
    chat.putObject("metadata").put("summary", HOSTILE).putArray("relatedResources").add(HOSTILE);

    assertSlackIsInert(
        "another publisher's notification", SlackMessage.render(null, chat.toString()));
    assertSlackIsInert("a plain message", SlackMessage.render("ALARM " + HOSTILE, HOSTILE_TEXT));
  }

  private static void assertSubjectIsOneShortLine(String where, String subject) {
    assertTrue(subject.length() < 100, () -> where + ": " + subject.length() + " chars");
    assertFalse(CONTROL_BUT_NEWLINE.matcher(subject).find(), () -> where + ": " + subject);
    assertFalse(subject.contains("\n"), () -> where + ": " + subject);
  }

  private static void assertChatIsInert(String where, String chatJson) {
    JsonNode chat = StrictJson.parse(chatJson.getBytes(StandardCharsets.UTF_8), "chat");
    JsonNode content = chat.get("content");
    String title = content.get("title").asText();
    String description = content.get("description").asText();
    List<String> texts = new ArrayList<>(List.of(title, description));
    content.get("nextSteps").forEach(s -> texts.add(s.asText()));
    texts.add(chat.at("/metadata/summary").asText());
    chat.at("/metadata/relatedResources").forEach(r -> texts.add(r.asText()));

    assertFalse(title.contains("\n") || title.contains("\r"), () -> where + ": title " + title);
    for (String text : texts) {
      String outsideRuleLinks = RULE_LINK.matcher(text).replaceAll("");
      for (String raw : RAW) {
        assertFalse(outsideRuleLinks.contains(raw), () -> where + ": raw " + raw + " in " + text);
      }
      assertFalse(
          outsideRuleLinks.contains("<") || outsideRuleLinks.contains(">"),
          () -> where + ": unescaped < or > in " + text);
      assertFalse(CONTROL_BUT_NEWLINE.matcher(text).find(), () -> where + ": control in " + text);
    }
    for (String line : description.split("\n")) {
      assertFalse(line.startsWith("Injected"), () -> where + ": a line of its own: " + description);
    }
    if (!where.startsWith("exempt")) { // exemption tags show only in the e-mail (not alerted)
      // ChatMessage.md escapes &, < and > (and drops controls); Markdown is left as sent.
      String shown = String.join("\n", texts);
      assertTrue(
          shown.contains("&lt;!channel&gt;") || shown.contains("&lt;!channel&gt;@here"),
          () -> where + ": " + shown);
      assertTrue(shown.contains("*bold*") && shown.contains("~strike~"), () -> where + shown);
    }
  }

  private static void assertEmailIsInert(String where, String email, String benignEmail) {
    assertFalse(CONTROL_BUT_NEWLINE.matcher(email).find(), () -> where + ": control in " + email);
    assertEquals(
        benignEmail.lines().count(),
        email.lines().count(),
        () -> where + ": the hostile value added lines:\n" + email);
    assertTrue(email.lines().noneMatch(l -> l.startsWith("Injected")), () -> where + ":\n" + email);
  }

  private static void assertSlackIsInert(String where, JsonNode payload) {
    assertFalse(payload.has("link_names") || payload.has("parse"), payload::toString);
    List<String> texts = new ArrayList<>();
    texts.add(payload.get("text").asText());
    for (JsonNode block : payload.get("blocks")) {
      if (block.has("text")) {
        texts.add(block.get("text").get("text").asText());
      }
      block.path("elements").forEach(e -> texts.add(e.get("text").asText()));
    }
    boolean foreign = where.startsWith("another") || where.startsWith("a plain");
    String header = payload.at("/blocks/0/text/text").asText();
    assertFalse(header.contains("\n"), () -> where + ": header " + header);
    for (String text : texts) {
      assertFalse(text.contains("<") || text.contains(">"), () -> where + ": Slack text " + text);
      assertFalse(CONTROL_BUT_NEWLINE.matcher(text).find(), () -> where + ": control in " + text);
      if (!foreign) {
        // Ours: the values were put on one line when the notification was rendered. A foreign
        // description or summary is mrkdwn whose line breaks are its layout, shown as sent.
        assertTrue(
            text.lines().noneMatch(l -> l.startsWith("Injected")), () -> where + ": " + text);
      }
    }
    if (where.startsWith("error message") || where.startsWith("another")) {
      String all = String.join("\n", texts);
      assertTrue(
          all.contains("open the console (https://evil.example/login)"),
          () -> where + ": the link's target is shown, not hidden: " + all);
    }
  }

  /**
   * Every line the flow logged is one JSON object (Powertools' layout), with the controls escaped
   * as JSON escapes, and the hostile value in it intact once parsed.
   */
  private static void assertLogsAreJsonWithControlsEscaped(String where, List<String> lines) {
    assertFalse(lines.isEmpty(), where + ": nothing logged");
    boolean found = false;
    for (String line : lines) {
      JsonNode json = StrictJson.parse(line.getBytes(StandardCharsets.UTF_8), "log line");
      assertTrue(json.isObject(), line);
      assertNotNull(json.get("message"), line);
      assertFalse(
          line.chars().anyMatch(c -> c < 0x20 || c == 0x7F),
          () -> where + ": raw control character in log line " + line);
      for (JsonNode value : json) {
        String text = value.asText().toLowerCase(Locale.ROOT);
        if (value.isTextual() && text.contains("injected")) {
          assertTrue(text.contains("\r\ninjected"), () -> where + ": logged as it came: " + line);
          found = true;
        }
      }
    }
    if (!where.equals("user agent") && !where.equals("principal")) {
      // The tool is not logged by the guard; everything else is, in a verdict or the reason.
      assertTrue(found, () -> where + ": the hostile value is not in the log: " + lines);
    }
  }
}
