package dev.ecsguardrail.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.handler.SlackForwarderHandler;
import dev.ecsguardrail.props.Invocations;
import dev.ecsguardrail.props.LogCapture;
import dev.ecsguardrail.slack.FakeSlack.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook URL is a credential, and so are the AWS keys of the environment: neither may show in
 * anything the forwarder writes (log lines, stdout and stderr, where EMF metrics would go, its
 * reply, the error that fails the invocation, which Lambda logs and dead-letters) nor in what it
 * posts to Slack. Runs SlackForwarderHandler against FakeSlack, once taken and once refused.
 */
class SlackSecretsTest {

  private static final Path SNS_EVENT = Path.of("..", "events", "sns", "sns-alert-chat.json");

  /** Stand-ins for the credentials a Lambda environment carries, one of a kind per run. */
  private static final Map<String, String> AWS_CREDENTIALS =
      Map.of(
          "aws.accessKeyId", "ASIA" + token().substring(0, 16).toUpperCase(),
          "aws.secretAccessKey", "wJalrXUtnFEMI/" + token(),
          "aws.sessionToken", "IQoJb3JpZ2luX2VjE" + token());

  private static final SlackWebhook.Policy FAST =
      new SlackWebhook.Policy(
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          3,
          Duration.ofMillis(10),
          Duration.ofMillis(20),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5));

  private final Map<String, String> savedProperties = new java.util.HashMap<>();
  private final String pathToken = "xoxb" + token();
  private final String path = "/services/T0SECRET1/B0SECRET2/" + pathToken;

  private static String token() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @BeforeEach
  void setCredentials() {
    AWS_CREDENTIALS.forEach(
        (k, v) -> {
          savedProperties.put(k, System.getProperty(k));
          System.setProperty(k, v);
        });
  }

  @AfterEach
  void restoreCredentials() {
    savedProperties.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  /** Everything one invocation wrote, and what Slack received. */
  private record Traces(String everything, List<FakeSlack.Received> posted) {}

  private Traces invoke(FakeSlack slack, WebhookUrl url, boolean expectFailure) throws Exception {
    SlackForwarderHandler handler =
        new SlackForwarderHandler(new SlackForwarder(new SlackWebhook(() -> url, FAST)));
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    StringWriter failure = new StringWriter();
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (LogCapture logs = new LogCapture()) {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      byte[] event = Files.readAllBytes(SNS_EVENT);
      if (expectFailure) {
        SlackDeliveryException e =
            assertThrows(
                SlackDeliveryException.class,
                () ->
                    handler.handleRequest(
                        new ByteArrayInputStream(event), reply, Invocations.slackForwarder()));
        e.printStackTrace(new PrintWriter(failure)); // what Lambda logs and dead-letters
      } else {
        handler.handleRequest(new ByteArrayInputStream(event), reply, Invocations.slackForwarder());
        assertEquals("{\"forwarded\":1}", reply.toString(StandardCharsets.UTF_8));
      }
      String everything =
          String.join(
              "\n",
              logs.text(),
              stdout.toString(StandardCharsets.UTF_8),
              stderr.toString(StandardCharsets.UTF_8),
              reply.toString(StandardCharsets.UTF_8),
              failure.toString());
      List<FakeSlack.Received> posted = slack.received();
      assertFalse(logs.text().isBlank(), "the forwarder logged");
      return new Traces(everything, posted);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The webhook URL, its path and token, and every credential-like value of the process. */
  private List<String> secrets(WebhookUrl url) {
    List<String> secrets = new ArrayList<>(List.of(url.uri().toString(), path, pathToken));
    secrets.addAll(AWS_CREDENTIALS.values());
    Pattern credential = Pattern.compile("(?i).*(SECRET|TOKEN|PASSWORD|CREDENTIAL|ACCESS_KEY).*");
    System.getenv()
        .forEach(
            (k, v) -> {
              if (credential.matcher(k).matches() && v.length() >= 8) {
                secrets.add(v);
              }
            });
    return secrets;
  }

  private void assertNoSecret(WebhookUrl url, Traces traces) {
    for (String secret : secrets(url)) {
      assertFalse(
          traces.everything().contains(secret),
          () -> "a secret in the logs or the error: " + traces.everything());
      for (FakeSlack.Received post : traces.posted()) {
        assertFalse(post.body().contains(secret), () -> "a secret posted to Slack: " + post.body());
      }
    }
  }

  @Test
  void posted_nothingWrittenOrPostedNamesTheWebhookOrACredential() throws Exception {
    try (FakeSlack slack = new FakeSlack(Reply.ok())) {
      WebhookUrl url = slack.url(path);

      Traces traces = invoke(slack, url, false);

      assertEquals(1, traces.posted().size());
      assertEquals(path, traces.posted().getFirst().path(), "posted to the webhook");
      assertTrue(traces.everything().contains("posted to Slack"), traces.everything());
      assertNoSecret(url, traces);
    }
  }

  /**
   * Slack refuses, and its answers quote the URL it was called on (as an error page or a proxy
   * might): the retries' warnings, the final error and its stack trace must not repeat it.
   */
  @Test
  void refused_theRetriesAndTheFailureDoNotNameTheWebhookOrACredential() throws Exception {
    String echo = "no_service for POST http://127.0.0.1" + path + " (token " + pathToken + ")";
    try (FakeSlack refusing =
        new FakeSlack(Reply.status(500, echo), Reply.status(500, echo), Reply.status(404, echo))) {
      WebhookUrl url = refusing.url(path);

      Traces traces = invoke(refusing, url, true);

      assertEquals(3, traces.posted().size(), "tried, retried, then failed");
      assertTrue(traces.everything().contains("Slack post failed; retrying"));
      assertTrue(traces.everything().contains("<webhook>"), "redacted, not dropped");
      assertNoSecret(url, traces);
    }
  }

  /** The port is closed: the connection error is retried and reported without the URL. */
  @Test
  void unreachable_theConnectionErrorDoesNotNameTheWebhook() throws Exception {
    WebhookUrl closed;
    FakeSlack gone = new FakeSlack(Reply.ok());
    closed = gone.url(path);
    gone.close();

    Traces traces = invoke(gone, closed, true);

    assertTrue(traces.everything().contains("ConnectException"), traces.everything());
    assertNoSecret(closed, traces);
  }
}
