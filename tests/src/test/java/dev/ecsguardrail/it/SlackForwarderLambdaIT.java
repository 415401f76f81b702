package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Slack forwarder as a Lambda: the shaded jar under the runtime interface emulator, its webhook
 * URL in a Secrets Manager secret in the emulator, and a local HTTP server in Slack's place (there
 * is no Slack emulator). Creates (and deletes) one secret named {@code guardrail-it-slack-*}.
 */
class SlackForwarderLambdaIT {

  private static final String HANDLER =
      "dev.ecsguardrail.handler.SlackForwarderHandler::handleRequest";
  private static final Path SAMPLE = Project.EVENTS.resolve("sns/sns-alert-chat.json");
  private static final String MESSAGE_ID = "2f3c2b1e-5d6a-5e8f-9a0b-1c2d3e4f5a6b";

  /** The secret part of an incoming-webhook URL: it must never show in the logs. */
  private static final String WEBHOOK_PATH = "/services/T0IT/B0IT/itWebhookToken";

  @Test
  void alert_isPostedToSlack_andAFailingWebhookFailsTheInvocation() throws Exception {
    SecretsManagerClient secrets =
        AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of()).secretsManager();
    try (FakeWebhook slack = new FakeWebhook()) {
      String secretArn =
          secrets
              .createSecret(
                  r ->
                      r.name(Fleet.PREFIX + "slack-" + UUID.randomUUID())
                          .secretString("{\"webhookUrl\": \"" + slack.url() + "\"}"))
              .arn();
      try (LambdaRuntime lambda = new LambdaRuntime(HANDLER, environment(secretArn))) {
        byte[] event = Files.readAllBytes(SAMPLE);

        JsonNode result = StrictJson.parse(lambda.invoke(event).getBytes(), "response");

        assertEquals(1, result.path("forwarded").asInt(), result.toString());
        assertEquals(1, slack.received.size());
        JsonNode posted = StrictJson.parse(slack.received.getFirst().getBytes(), "posted");
        JsonNode blocks = posted.get("blocks");
        assertEquals("header", blocks.get(0).get("type").asText());
        assertEquals(
            ":red_circle: HIGH · 1 finding on prod/payments",
            blocks.get(0).get("text").get("text").asText());
        String description = blocks.get(1).get("text").get("text").asText();
        assertTrue(description.startsWith("*CreateService* of `prod/payments`"), description);
        assertTrue(
            description.contains(
                "SC002 explained (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)"),
            description);
        assertTrue(
            blocks.get(2).get("text").get("text").asText().startsWith("*Next steps*\n• "),
            blocks.get(2).toString());
        assertEquals("context", blocks.get(3).get("type").asText());

        // Slack down: the invocation fails naming the message, so Lambda's retries and the
        // OnFailure dead-letter queue keep it.
        slack.status = 500;
        JsonNode error = StrictJson.parse(lambda.invoke(event).getBytes(), "response");

        assertTrue(
            error.path("errorType").asText().endsWith("SlackDeliveryException"), error.toString());
        String message = error.path("errorMessage").asText();
        assertTrue(message.contains(MESSAGE_ID), message);
        assertTrue(message.contains("HTTP 500"), message);
        assertTrue(slack.received.size() > 2, "retried: " + slack.received.size() + " posts");
        assertTrue(
            lambda.log().contains("\"correlation_id\":\"" + MESSAGE_ID + "\""),
            "SNS message id as correlation id");
        assertFalse(lambda.log().contains(WEBHOOK_PATH), "the webhook URL is never logged");
        assertFalse(error.toString().contains(WEBHOOK_PATH), "nor returned in the error");
      } finally {
        secrets.deleteSecret(r -> r.secretId(secretArn).forceDeleteWithoutRecovery(true));
      }
    }
  }

  private static Map<String, String> environment(String secretArn) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", Emulator.endpoint().toString());
    env.put("AWS_REGION", Emulator.REGION);
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", "30");
    env.put("SLACK_WEBHOOK_SECRET_ARN", secretArn);
    env.put("POWERTOOLS_SERVICE_NAME", "slack-forwarder");
    if (Emulator.isMoto()) {
      env.put("AWS_ACCESS_KEY_ID", "testing");
      env.put("AWS_SECRET_ACCESS_KEY", "testing");
    }
    return env;
  }

  /** Slack's webhook endpoint on a loopback port: answers every POST with {@link #status}. */
  private static final class FakeWebhook implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    private final HttpServer server;

    FakeWebhook() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(WEBHOOK_PATH, this::answer);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + WEBHOOK_PATH;
    }

    private void answer(HttpExchange exchange) throws IOException {
      try (exchange) {
        received.add(new String(exchange.getRequestBody().readAllBytes()));
        byte[] body = (status == 200 ? "ok" : "internal_error").getBytes();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
