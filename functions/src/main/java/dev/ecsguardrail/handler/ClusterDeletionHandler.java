package dev.ecsguardrail.handler;

import static dev.ecsguardrail.log.LogFields.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.DynamoDbLedger;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.orphan.OrphanFinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * Lambda entry point for the delay queue the DeleteCluster rule feeds (deregistration lags a
 * cluster deletion, so the check runs minutes later). A batch of SQS messages, each an EventBridge
 * event; the answer lists the messages to retry ({@code ReportBatchItemFailures}), so one bad
 * message never fails the others.
 */
public final class ClusterDeletionHandler implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeletionHandler.class);

  /** The first message's id correlates the invocation's log lines; each line names its own. */
  private static final JsonPointer MESSAGE_ID = JsonPointer.compile("/Records/0/messageId");

  /** Kept back from the remaining time, to answer before the timeout. */
  private static final Duration MARGIN = Duration.ofSeconds(5);

  /** Longer than the function's timeout in template.yaml. */
  private static final Duration LEASE = Duration.ofMinutes(6);

  private final ClusterDeletionGuard guard;

  static {
    Priming.register(
        Priming::clusterDeletions,
        SdkPriming::ecs,
        SdkPriming::cloudMap,
        SdkPriming::dynamoDb,
        SdkPriming::securityHub);
  }

  public ClusterDeletionHandler() {
    this(Production.GUARD);
  }

  public ClusterDeletionHandler(ClusterDeletionGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode batch = StrictJson.parse(input.readAllBytes(), "the SQS event");
    Instant deadline = Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
    ObjectNode reply =
        FunctionMetrics.around(
            metrics ->
                CorrelatedLogging.withLogging(
                    context, MESSAGE_ID, batch, () -> handleBatch(batch, deadline, metrics)));
    output.write(StrictJson.MAPPER.writeValueAsBytes(reply));
  }

  ObjectNode handleBatch(JsonNode batch, Instant deadline, Metrics metrics) {
    ObjectNode reply = StrictJson.MAPPER.createObjectNode();
    ArrayNode failures = reply.putArray("batchItemFailures");
    for (JsonNode record : batch.path("Records")) {
      String messageId = record.path("messageId").asText("unknown");
      try {
        handleMessage(messageId, record.path("body").asText(""), deadline, metrics);
      } catch (RuntimeException e) {
        if (e instanceof NotificationFailedException) {
          FunctionMetrics.notificationFailed(metrics);
        }
        LOG.error(
            "message failed: retried, then dead-lettered",
            entry("messageId", messageId),
            entry("failure", e.getClass().getSimpleName() + ": " + e.getMessage()));
        failures.addObject().put("itemIdentifier", messageId);
      }
    }
    return reply;
  }

  private void handleMessage(String messageId, String body, Instant deadline, Metrics metrics) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    JsonNode envelope = StrictJson.treeOrNull(raw);
    String eventId =
        envelope == null
            ? "unknown"
            : envelope.path("detail").path("eventID").asText(envelope.path("id").asText("unknown"));
    try {
      if (envelope == null || !envelope.isObject()) {
        throw new MalformedEventException("the message body is not a JSON event");
      }
      ClusterDeletionGuard.Result result = guard.handle(envelope, raw, deadline);
      if (result.duplicate()) {
        FunctionMetrics.count(metrics, "Duplicates", 1);
      } else {
        FunctionMetrics.decision(metrics, result.decision());
      }
    } catch (MalformedEventException e) {
      guard.reportMalformed(messageId, eventId, e.getMessage());
      FunctionMetrics.count(metrics, "Unevaluable", 1);
    }
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final ClusterDeletionGuard GUARD = create();

    private static ClusterDeletionGuard create() {
      String region = AwsClients.currentRegion();
      AwsClients clients = AwsClients.forRegion(region);
      String table = Environment.required("LEDGER_TABLE", "the function cannot deduplicate events");
      SnsTopicGateway topic =
          new SnsTopicGateway(
              clients.sns(),
              Environment.required("TOPIC_ARN", "the function has nowhere to alert"));
      return new ClusterDeletionGuard(
          new ClusterDeletionCheck(
              InventoryGateway.of(clients),
              new OrphanFinder(PriceTable.bundled().cloudMap(region))),
          topic,
          new DynamoDbLedger(clients.dynamoDb(), table, Clock.systemUTC(), LEASE),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          Environment.securityHub(clients, topic),
          Clock.systemUTC());
    }
  }
}
