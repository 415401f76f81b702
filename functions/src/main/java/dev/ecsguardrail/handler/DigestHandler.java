package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.DynamoDbDigestHistory;
import dev.ecsguardrail.aws.DynamoDbLedger;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.DigestGuard;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for the weekly schedule (EventBridge Scheduler; its input is ignored): sweeps
 * the account and Region, publishes the digest and, with OrgReportBucket, writes the organization's
 * copy. The account comes from the function's own ARN.
 */
public final class DigestHandler implements RequestStreamHandler {

  /**
   * Kept back from the remaining time: the sweep stops reading then and reports what it skipped.
   */
  private static final Duration MARGIN = Duration.ofSeconds(20);

  /** Longer than the function's timeout in template.yaml. */
  private static final Duration LEASE = Duration.ofMinutes(16);

  private final DigestGuard guard;

  static {
    Priming.register(
        Priming::digests,
        SdkPriming::ecs,
        SdkPriming::cloudMap,
        SdkPriming::cloudWatch,
        SdkPriming::dynamoDb,
        SdkPriming::securityHub,
        SdkPriming::s3);
  }

  public DigestHandler() {
    this(Production.GUARD);
  }

  public DigestHandler(DigestGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    AccountInvocation invocation = AccountInvocation.of(context, MARGIN);
    DigestGuard.Result result =
        FunctionMetrics.around(
            metrics -> {
              DigestGuard.Result r =
                  PowertoolsLogging.withLogging(
                      context,
                      () ->
                          guard.run(
                              invocation.account(), invocation.region(), invocation.deadline()));
              FunctionMetrics.count(metrics, "Duplicates", r.duplicate() ? 1 : 0);
              if (!r.duplicate()) {
                FunctionMetrics.count(metrics, "DigestsSent", r.sent() ? 1 : 0);
                FunctionMetrics.count(metrics, "LeftBehind", r.sweep().orphans().size());
                FunctionMetrics.count(
                    metrics, "StandingFindings", r.sweep().standingFindings().size());
                FunctionMetrics.count(metrics, "IncompleteSweeps", r.sweep().complete() ? 0 : 1);
              }
              return r;
            });
    ObjectNode reply =
        result.duplicate()
            ? StrictJson.MAPPER.createObjectNode().put("duplicate", true)
            : ScanJson.toJson(result.sweep()).put("sent", result.sent());
    reply.put("eventKey", result.key());
    output.write(StrictJson.MAPPER.writeValueAsBytes(reply));
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final DigestGuard GUARD = create();

    private static DigestGuard create() {
      String region = AwsClients.currentRegion();
      AwsClients clients = AwsClients.forRegion(region);
      String table = Environment.required("LEDGER_TABLE", "the digest keeps its totals there");
      SnsTopicGateway topic =
          new SnsTopicGateway(
              clients.sns(), Environment.required("TOPIC_ARN", "the digest has nowhere to go"));
      return new DigestGuard(
          InventoryGateway.of(clients),
          new SweepCheck(
              new OrphanFinder(PriceTable.bundled().cloudMap(region)), RuleCatalog.SERVICE_RULES),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          topic,
          new DynamoDbLedger(clients.dynamoDb(), table, Clock.systemUTC(), LEASE),
          new DynamoDbDigestHistory(clients.dynamoDb(), table),
          !"false".equals(System.getenv("SEND_ALL_CLEAR")),
          Environment.securityHub(clients, topic),
          Environment.orgReport(clients, topic),
          Clock.systemUTC());
    }
  }
}
