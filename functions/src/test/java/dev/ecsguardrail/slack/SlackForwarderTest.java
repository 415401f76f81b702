package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.slack.FakeSlack.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackForwarderTest {

  private static final SlackWebhook.Policy FAST =
      new SlackWebhook.Policy(
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          2,
          Duration.ofMillis(10),
          Duration.ofMillis(20),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5));

  private static SlackForwarder forwarderTo(FakeSlack slack) {
    WebhookUrl url = slack.url("/services/T000/B000/s3cr3t");
    return new SlackForwarder(new SlackWebhook(() -> url, FAST));
  }

  @Test
  void everyAlert_isRenderedAndPosted() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.ok())) {
      int posted =
          forwarderTo(slack)
              .forward(
                  List.of(
                      new SnsAlert("m-1", "ALARM: dlq", "{\"AlarmName\": \"dlq\"}"),
                      new SnsAlert("m-2", null, "plain words")),
                  Instant.now().plusSeconds(30));

      assertEquals(2, posted);
      JsonNode first = StrictJson.parse(slack.received().get(0).body().getBytes(), "post");
      assertEquals("ALARM: dlq", first.get("text").asText());
      JsonNode second = StrictJson.parse(slack.received().get(1).body().getBytes(), "post");
      assertEquals("plain words", second.get("blocks").get(1).get("text").get("text").asText());
    }
  }

  @Test
  void oneAlertRefused_theOthersAreStillPosted_thenTheCallFailsNamingIt() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.status(400, "invalid_blocks"), Reply.ok())) {
      SlackDeliveryException e =
          assertThrows(
              SlackDeliveryException.class,
              () ->
                  forwarderTo(slack)
                      .forward(
                          List.of(
                              new SnsAlert("m-bad", null, "a"), new SnsAlert("m-good", null, "b")),
                          Instant.now().plusSeconds(30)));

      assertEquals(2, slack.received().size(), "the second alert was still tried");
      assertTrue(e.getMessage().contains("m-bad"), e.getMessage());
      assertFalse(e.getMessage().contains("m-good"), e.getMessage());
    }
  }
}
