package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnsAlertTest {

  @Test
  void sampleEvent_hasOneAlert_withTheChatNotification() throws IOException {
    byte[] event = Files.readAllBytes(Path.of("..", "events", "sns", "sns-alert-chat.json"));

    List<SnsAlert> alerts = SnsAlert.listFrom(StrictJson.parse(event, "sample"));

    assertEquals(1, alerts.size());
    SnsAlert alert = alerts.getFirst();
    assertEquals("2f3c2b1e-5d6a-5e8f-9a0b-1c2d3e4f5a6b", alert.messageId());
    assertEquals("[HIGH] ecs-guardrail SC002 on prod/payments", alert.subject());
    assertEquals(
        "custom", StrictJson.parse(alert.message().getBytes(), "m").get("source").asText());
  }

  @Test
  void nullSubject_isAbsent() {
    List<SnsAlert> alerts =
        SnsAlert.listFrom(
            StrictJson.parse(
                """
                {"Records": [{"Sns": {"MessageId": "m-1", "Subject": null, "Message": "hi"}}]}
                """
                    .getBytes(),
                "test"));

    assertEquals(List.of(new SnsAlert("m-1", null, "hi")), alerts);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          no records          | {}                                                      | $.Records is missing or empty
          empty records       | {"Records": []}                                         | $.Records is missing or empty
          EventBridge event   | {"detail-type": "x", "detail": {}}                      | $.Records is missing or empty
          record without Sns  | {"Records": [{}]}                                       | $.Records[0].Sns is missing
          no message id       | {"Records": [{"Sns": {"Message": "m"}}]}                | $.Records[0].Sns.MessageId is missing
          no message          | {"Records": [{"Sns": {"MessageId": "m-1"}}]}            | $.Records[0].Sns.Message is missing
          message not a string| {"Records": [{"Sns": {"MessageId": "m-1", "Message": {}}}]} | $.Records[0].Sns.Message should be a string
          """)
  void notAnSnsEvent_isAnError(String scenario, String event, String message) {
    MalformedEventException e =
        assertThrows(
            MalformedEventException.class,
            () -> SnsAlert.listFrom(StrictJson.parse(event.getBytes(), "test")));

    assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
  }
}
