package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.CloudMapGateway;
import dev.ecsguardrail.aws.DynamoDbLedger;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.EcsGateway;
import dev.ecsguardrail.aws.EcsServiceBlocker;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.DecisionJson;
import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Lambda entry point for the CloudTrail records of CreateService and UpdateService: reads the raw
 * envelope, hands it to the {@link ServiceChangeGuard}, answers with the evaluation's JSON.
 */
public final class ServiceChangeHandler implements RequestStreamHandler {

  /** The CloudTrail event id: the correlation id of every log line of an invocation. */
  private static final JsonPointer EVENT_ID = JsonPointer.compile("/detail/eventID");

  private static final String NAMESPACE =
      System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "EcsGuardrail");

  static {
    Priming.register(
        Priming::serviceChecks,
        Priming::serviceCheckAlert,
        SdkPriming::ecs,
        SdkPriming::cloudMap,
        SdkPriming::dynamoDb);
  }

  private final ServiceChangeGuard guard;

  public ServiceChangeHandler() {
    this(Production.GUARD);
  }

  public ServiceChangeHandler(ServiceChangeGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] raw = input.readAllBytes();
    JsonNode envelope = StrictJson.treeOrNull(raw);
    Metrics metrics = MetricsFactory.getMetricsInstance();
    try {
      ServiceChangeGuard.Result result =
          CorrelatedLogging.withLogging(
              context, EVENT_ID, envelope, () -> guard.handle(raw, envelope));
      record(metrics, result);
      ObjectNode reply =
          result.duplicate()
              ? StrictJson.MAPPER.createObjectNode().put("duplicate", true)
              : DecisionJson.toJson(result.decision());
      reply.put("eventKey", result.key());
      output.write(StrictJson.MAPPER.writeValueAsBytes(reply));
    } catch (NotificationFailedException e) {
      metrics.addMetric("NotificationFailures", 1, MetricUnit.COUNT);
      throw e;
    } finally {
      metrics.flush();
    }
  }

  /** EMF metrics: what was evaluated, found (by rule and severity), enforced, skipped. */
  private static void record(Metrics metrics, ServiceChangeGuard.Result result) {
    if (result.duplicate()) {
      metrics.addMetric("Duplicates", 1, MetricUnit.COUNT);
      return;
    }
    Decision decision = result.decision();
    metrics.addMetric("EventsEvaluated", 1, MetricUnit.COUNT);
    metrics.addMetric("Unevaluable", decision.evaluation().evaluable() ? 0 : 1, MetricUnit.COUNT);
    metrics.addMetric("EnforcementActions", result.blocked() ? 1 : 0, MetricUnit.COUNT);
    for (Verdict v : decision.verdicts()) {
      metrics.flushSingleMetric(
          "Findings",
          1,
          MetricUnit.COUNT,
          NAMESPACE,
          DimensionSet.of(
              "RuleId",
              v.finding().ruleId(),
              "Severity",
              v.finding().severity().name(),
              "Verdict",
              v.outcome().label()));
    }
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final ServiceChangeGuard GUARD = create();

    private static ServiceChangeGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      String table = Environment.required("LEDGER_TABLE", "the function cannot deduplicate events");
      EcsGateway ecs = new EcsGateway(clients.ecs());
      return new ServiceChangeGuard(
          new ServiceChangeCheck(RuleCatalog.SERVICE_RULES),
          new AwsContextSource(ecs, new CloudMapGateway(clients::cloudMap)),
          new SnsTopicGateway(
              clients.sns(),
              Environment.required("TOPIC_ARN", "the function has nowhere to alert")),
          new DynamoDbLedger(clients.dynamoDb(), table, Clock.systemUTC()),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          new EcsServiceBlocker(ecs),
          "enforce".equals(System.getenv("MODE")),
          Clock.systemUTC());
    }
  }
}
