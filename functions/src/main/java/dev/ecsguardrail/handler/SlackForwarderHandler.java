package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.SecretGateway;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.slack.SlackForwarder;
import dev.ecsguardrail.slack.SlackWebhook;
import dev.ecsguardrail.slack.SnsAlert;
import dev.ecsguardrail.slack.WebhookUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Lambda entry point subscribed to the alerts topic: posts each SNS message to a Slack incoming
 * webhook (for teams without AWS Chatbot). A message Slack does not take fails the invocation, so
 * Lambda retries it and then sends it to the dead-letter queue.
 */
public final class SlackForwarderHandler implements RequestStreamHandler {

  /** The SNS message id: the correlation id of every log line of an invocation. */
  private static final JsonPointer MESSAGE_ID = JsonPointer.compile("/Records/0/Sns/MessageId");

  /** Kept back from the invocation's remaining time, to fail and report before the timeout. */
  private static final Duration REPORTING_MARGIN = Duration.ofSeconds(2);

  private final SlackForwarder forwarder;

  public SlackForwarderHandler() {
    this(Production.FORWARDER);
  }

  public SlackForwarderHandler(SlackForwarder forwarder) {
    this.forwarder = forwarder;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = StrictJson.parse(input.readAllBytes(), "the SNS event");
    Instant deadline =
        Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(REPORTING_MARGIN);
    int forwarded =
        FunctionMetrics.around(
            metrics -> {
              int posted =
                  CorrelatedLogging.withLogging(
                      context,
                      MESSAGE_ID,
                      event,
                      () -> forwarder.forward(SnsAlert.listFrom(event), deadline));
              FunctionMetrics.count(metrics, "SlackPosts", posted);
              return posted;
            });
    output.write(
        StrictJson.MAPPER.writeValueAsBytes(
            StrictJson.MAPPER.createObjectNode().put("forwarded", forwarded)));
  }

  /** Built once per execution environment; the secret itself is read on the first post. */
  private static final class Production {
    static final SlackForwarder FORWARDER = create();

    private static SlackForwarder create() {
      String secretArn = System.getenv("SLACK_WEBHOOK_SECRET_ARN");
      if (secretArn == null || secretArn.isBlank()) {
        throw new IllegalStateException(
            "SLACK_WEBHOOK_SECRET_ARN is not set: the function does not know where to post");
      }
      SecretGateway secrets =
          new SecretGateway(AwsClients.forRegion(AwsClients.currentRegion()).secretsManager());
      return new SlackForwarder(
          new SlackWebhook(
              () -> WebhookUrl.fromSecret(secrets.secretString(secretArn)),
              SlackWebhook.Policy.DEFAULT));
    }
  }
}
