package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookUrlTest {

  private static final String URL = "https://hooks.slack.com/services/T000/B000/s3cr3t";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          bare URL                   | https://hooks.slack.com/services/T000/B000/s3cr3t
          bare URL with a newline    | `https://hooks.slack.com/services/T000/B000/s3cr3t\n`
          JSON                       | {"webhookUrl": "https://hooks.slack.com/services/T000/B000/s3cr3t"}
          JSON with other fields     | {"channel": "#ops", "webhookUrl": " https://hooks.slack.com/services/T000/B000/s3cr3t"}
          """)
  void acceptedForms(String form, String secret) {
    assertEquals(URI.create(URL), WebhookUrl.fromSecret(secret.replace("\\n", "\n")).uri());
  }

  @Test
  void httpToLoopback_isAccepted_forLocalFakes() {
    assertEquals(
        "127.0.0.1", WebhookUrl.fromSecret("http://127.0.0.1:8080/services/x").uri().getHost());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          plain http                 | http://hooks.slack.com/services/T000/B000/s3cr3t             | must be an https:// URL
          no scheme                  | hooks.slack.com/services/T000/B000/s3cr3t                    | must be an https:// URL
          not a URI                  | https://hooks.slack.com/services/T000/B000/s3cr3t with space | neither a URL nor
          JSON under another name    | {"url": "https://hooks.slack.com/services/T000/B000/s3cr3t"} | without a "webhookUrl" string
          broken JSON                | {"webhookUrl": "https://hooks.slack.com/services/T000/B000/s3cr3t" | without a "webhookUrl" string
          empty                      | ``                                                           | must be an https:// URL
          """)
  void rejectedForms_neverQuoteTheSecret(String form, String secret, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebhookUrl.fromSecret(secret));

    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertEquals(true, e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void toString_andRedact_hideTheUrl() {
    WebhookUrl url = WebhookUrl.fromSecret(URL);

    assertFalse(url.toString().contains("s3cr3t"), url.toString());
    assertEquals(
        "failed <webhook> and POST <webhook>",
        url.redact("failed " + URL + " and POST /services/T000/B000/s3cr3t"));
  }
}
