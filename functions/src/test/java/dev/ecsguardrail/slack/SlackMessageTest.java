package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMessageTest {

  private static final String CHAT =
      """
      {"version": "1.0", "source": "custom", "id": "evt-1",
       "content": {"textType": "client-markdown",
                   "title": "[HIGH] SC002 on prod/payments",
                   "description": "Port **api** has no appProtocol: plain TCP, fixed for good.",
                   "nextSteps": ["Set appProtocol on the port mapping", "Recreate the service"],
                   "keywords": ["HIGH", "SC002"]},
       "metadata": {"threadId": "prod/payments", "summary": "1 HIGH finding",
                    "eventType": "service-change",
                    "relatedResources": ["arn:aws:ecs:us-east-1:123456789012:service/prod/payments"]}}
      """;

  private static ObjectNode chat(String title, String description) {
    ObjectNode notification = StrictJson.MAPPER.createObjectNode().put("version", "1.0");
    notification
        .putObject("content")
        .put("textType", "client-markdown")
        .put("title", title)
        .put("description", description);
    return notification;
  }

  /** Every text the payload shows: the fallback and each block's texts. */
  private static List<String> texts(JsonNode payload) {
    List<String> texts = new ArrayList<>();
    texts.add(payload.get("text").asText());
    for (JsonNode block : payload.get("blocks")) {
      if (block.has("text")) {
        texts.add(block.get("text").get("text").asText());
      }
      for (JsonNode element : block.path("elements")) {
        texts.add(element.get("text").asText());
      }
    }
    return texts;
  }

  @Test
  void chatNotification_rendersHeaderDescriptionStepsAndContext() {
    JsonNode payload = SlackMessage.render("ignored subject", CHAT);
    JsonNode blocks = payload.get("blocks");

    assertEquals("[HIGH] SC002 on prod/payments: 1 HIGH finding", payload.get("text").asText());
    assertEquals(4, blocks.size(), blocks.toString());
    assertEquals("header", blocks.get(0).get("type").asText());
    assertEquals("plain_text", blocks.get(0).get("text").get("type").asText());
    assertTrue(blocks.get(0).get("text").get("emoji").asBoolean(), "`:red_circle:` shows as emoji");
    assertEquals("[HIGH] SC002 on prod/payments", blocks.get(0).get("text").get("text").asText());
    assertEquals(
        "Port *api* has no appProtocol: plain TCP, fixed for good.",
        blocks.get(1).get("text").get("text").asText());
    assertEquals("mrkdwn", blocks.get(1).get("text").get("type").asText());
    assertEquals(
        "*Next steps*\n• Set appProtocol on the port mapping\n• Recreate the service",
        blocks.get(2).get("text").get("text").asText());
    assertEquals("context", blocks.get(3).get("type").asText());
    assertEquals("1 HIGH finding", blocks.get(3).get("elements").get(0).get("text").asText());
    assertEquals(
        "Resources: arn:aws:ecs:us-east-1:123456789012:service/prod/payments",
        blocks.get(3).get("elements").get(1).get("text").asText());
  }

  @Test
  void chatNotification_titleAndDescriptionOnly_hasNoStepsNorContext() {
    JsonNode payload = SlackMessage.render(null, chat("t", "d").toString());

    assertEquals("t", payload.get("text").asText());
    assertEquals(2, payload.get("blocks").size(), payload.toString());
  }

  @Test
  void mentionsAndLinks_fromTheNotification_areEscapedEverywhere() {
    ObjectNode notification = chat("<!channel> deploy & <@U123>", "see <https://evil|click>");
    ((ObjectNode) notification.get("content")).putArray("nextSteps").add("<!here> now");
    notification
        .putObject("metadata")
        .put("summary", "<!everyone>")
        .putArray("relatedResources")
        .add("arn:<https://evil|x>");

    JsonNode payload = SlackMessage.render(null, notification.toString());

    List<String> texts = texts(payload);
    assertEquals(6, texts.size(), texts.toString());
    for (String text : texts) {
      assertFalse(text.contains("<"), text);
      assertFalse(text.contains(">"), text);
    }
    assertEquals("&lt;!channel&gt; deploy &amp; &lt;@U123&gt;", texts.get(1));
    assertEquals("see click (https://evil)", texts.get(2), "a link's target is shown, not hidden");
  }

  @Test
  void alreadyEscapedValues_areEscapedOnce_andStayInert() {
    ObjectNode notification =
        chat("a &amp; b on prod/x", "by &lt;!channel&gt; see &lt;https://evil|click&gt; &amp;lt;");

    JsonNode blocks = SlackMessage.render(null, notification.toString()).get("blocks");

    assertEquals("a &amp; b on prod/x", blocks.get(0).get("text").get("text").asText());
    assertEquals(
        "by &lt;!channel&gt; see click (https://evil) &amp;lt;",
        blocks.get(1).get("text").get("text").asText());
  }

  @Test
  void ruleLinks_areShownAsLabelAndUrl() {
    String description =
        "• *SC002* HIGH\n   <https://docs.aws.amazon.com/x.html|SC002 explained>\n"
            + "<https://a.example/?q=1&r=2|a & b>";

    JsonNode payload = SlackMessage.render(null, chat("t", description).toString());

    assertEquals(
        "• *SC002* HIGH\n   SC002 explained (https://docs.aws.amazon.com/x.html)\n"
            + "a &amp; b (https://a.example/?q=1&amp;r=2)",
        payload.get("blocks").get(1).get("text").get("text").asText());
  }

  @Test
  void longTitle_isCutToTheHeaderLimit_withAVisibleMarker() {
    JsonNode payload = SlackMessage.render(null, chat("t".repeat(400), "d").toString());

    String header = payload.get("blocks").get(0).get("text").get("text").asText();
    assertEquals(SlackMessage.HEADER_MAX, header.length());
    assertTrue(header.endsWith("…(truncated)"), header);
  }

  @Test
  void longDescription_isSplitOverSections_atLineBreaks() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("finding " + i + " " + "x".repeat(60));
    }
    String description = String.join("\n", lines);

    JsonNode blocks = SlackMessage.render(null, chat("t", description).toString()).get("blocks");

    List<String> sections = new ArrayList<>();
    for (int i = 1; i < blocks.size(); i++) {
      sections.add(blocks.get(i).get("text").get("text").asText());
    }
    assertEquals(3, sections.size(), sections.toString());
    sections.forEach(text -> assertTrue(text.length() <= SlackMessage.TEXT_MAX));
    assertEquals(description, String.join("\n", sections), "nothing lost, cut between lines");
  }

  @Test
  void sections_neverCutInsideAnEscapeNorASurrogatePair() {
    String escapes = SlackMessage.escape("<".repeat(2000)); // one line of 8,000 characters
    String emoji = "\uD83D\uDEA8".repeat(2000); // 🚨: two UTF-16 units each

    for (String text : List.of(escapes, "x" + escapes, "xy" + escapes, emoji, "x" + emoji)) {
      List<String> sections = SlackMessage.sections(text);

      assertEquals(text, String.join("", sections));
      for (String section : sections) {
        assertTrue(section.length() <= SlackMessage.TEXT_MAX, section.length() + " chars");
        String whole = section.replaceFirst("^xy?", "");
        assertTrue(
            whole.matches("(&lt;)*|(\uD83D\uDEA8)*"), "cut inside: " + whole.substring(0, 20));
      }
    }
  }

  @Test
  void descriptionPastItsLimit_isCut_withAVisibleMarker() {
    String description = "<".repeat(3000); // 12,000 characters once escaped

    JsonNode blocks = SlackMessage.render(null, chat("t", description).toString()).get("blocks");

    assertEquals(4, blocks.size(), "header and three sections");
    String last = blocks.get(3).get("text").get("text").asText();
    assertTrue(last.endsWith("&lt;…(truncated)"), last);
  }

  @Test
  void manyResources_areListedUpToTen_andCounted() {
    ObjectNode notification = chat("t", "d");
    var resources = notification.putObject("metadata").putArray("relatedResources");
    for (int i = 1; i <= 12; i++) {
      resources.add("arn:" + i);
    }

    JsonNode payload = SlackMessage.render(null, notification.toString());

    String line = payload.get("blocks").get(2).get("elements").get(0).get("text").asText();
    assertTrue(line.startsWith("Resources: arn:1, arn:2"), line);
    assertTrue(line.endsWith("arn:10 and 2 more"), line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          plain text                  | just words
          JSON array                  | [1, 2]
          CloudWatch alarm            | {"AlarmName": "dlq", "NewStateValue": "ALARM", "NewStateReason": "1 > 0"}
          chat without description    | {"version": "1.0", "content": {"title": "t"}}
          chat with blank title       | {"version": "1.0", "content": {"title": " ", "description": "d"}}
          chat with a numeric title   | {"version": "1.0", "content": {"title": 7, "description": "d"}}
          chat with nextSteps a string| {"version": "1.0", "content": {"title": "t", "description": "d", "nextSteps": "x"}}
          """)
  void notAChatNotification_isForwardedAsSubjectAndText(String scenario, String message) {
    JsonNode payload = SlackMessage.render("ALARM: \"dlq\" in US East", message);
    JsonNode blocks = payload.get("blocks");

    assertEquals("ALARM: \"dlq\" in US East", payload.get("text").asText());
    assertEquals("ALARM: \"dlq\" in US East", blocks.get(0).get("text").get("text").asText());
    assertEquals(2, blocks.size(), blocks.toString());
    String body = blocks.get(1).get("text").get("text").asText();
    JsonNode json = StrictJson.treeOrNull(message.getBytes());
    String expected =
        json == null ? message : "```\n" + SlackMessage.escape(json.toPrettyString()) + "\n```";
    assertEquals(expected, body);
  }

  @Test
  void plainText_withoutSubject_getsAGenericHeader_andIsEscaped() {
    JsonNode payload = SlackMessage.render(null, "disk full <!channel>");

    assertEquals("SNS notification", payload.get("text").asText());
    assertEquals(
        "disk full &lt;!channel&gt;",
        payload.get("blocks").get(1).get("text").get("text").asText());
  }

  @Test
  void longPlainText_isCut_insideItsCodeBlock() {
    String message = "{\"a\": \"" + "x".repeat(5000) + "\"}";

    String body =
        SlackMessage.render("s", message).get("blocks").get(1).get("text").get("text").asText();

    assertTrue(body.length() <= SlackMessage.TEXT_MAX, body.length() + " chars");
    assertTrue(body.endsWith("…(truncated)\n```"), body.substring(body.length() - 30));
  }

  /** The marker is 12 characters; an escape that does not fit whole is left out whole. */
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          abc               | 3  | abc
          a<b               | 6  | a&lt;b
          abcdefghijklmnop  | 14 | ab…(truncated)
          a<bcdefghijklmnop | 17 | a&lt;…(truncated)
          a<bcdefghijklmnop | 16 | a…(truncated)
          """)
  void fit_escapesAndCutsOnBoundaries(String raw, int max, String expected) {
    assertEquals(expected, SlackMessage.fit(raw, max));
  }

  @Test
  void fit_neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDEA8"; // 🚨, two UTF-16 units
    String fitted = SlackMessage.fit(emoji.repeat(20), 15);

    assertEquals(emoji + "…(truncated)", fitted);
  }
}
