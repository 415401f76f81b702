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
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Lambda entry point for the CloudTrail records of CreateService and UpdateService: reads the raw
 * envelope, hands it to the {@link ServiceChangeGuard}, answers with the evaluation's JSON.
 */
public final class ServiceChangeHandler implements RequestStreamHandler {

  /** The CloudTrail event id: the correlation id of every log line of an invocation. */
  private static final JsonPointer EVENT_ID = JsonPointer.compile("/detail/eventID");

  static {
    Priming.register(
        Priming::serviceChecks,
        Priming::serviceCheckAlert,
        SdkPriming::ecs,
        SdkPriming::cloudMap,
        SdkPriming::dynamoDb,
        SdkPriming::securityHub);
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
    ServiceChangeGuard.Result result =
        FunctionMetrics.around(
            metrics -> {
              ServiceChangeGuard.Result r =
                  CorrelatedLogging.withLogging(
                      context, EVENT_ID, envelope, () -> guard.handle(raw, envelope));
              if (r.duplicate()) {
                FunctionMetrics.count(metrics, "Duplicates", 1);
              } else {
                FunctionMetrics.decision(metrics, r.decision());
                FunctionMetrics.count(metrics, "EnforcementActions", r.blocked() ? 1 : 0);
              }
              return r;
            });
    ObjectNode reply =
        result.duplicate()
            ? StrictJson.MAPPER.createObjectNode().put("duplicate", true)
            : DecisionJson.toJson(result.decision());
    reply.put("eventKey", result.key());
    output.write(StrictJson.MAPPER.writeValueAsBytes(reply));
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final ServiceChangeGuard GUARD = create();

    private static ServiceChangeGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      String table = Environment.required("LEDGER_TABLE", "the function cannot deduplicate events");
      EcsGateway ecs = new EcsGateway(clients.ecs());
      SnsTopicGateway topic =
          new SnsTopicGateway(
              clients.sns(),
              Environment.required("TOPIC_ARN", "the function has nowhere to alert"));
      return new ServiceChangeGuard(
          new ServiceChangeCheck(RuleCatalog.SERVICE_RULES),
          new AwsContextSource(ecs, new CloudMapGateway(clients::cloudMap)),
          topic,
          new DynamoDbLedger(clients.dynamoDb(), table, Clock.systemUTC()),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          new EcsServiceBlocker(ecs),
          "enforce".equals(System.getenv("MODE")),
          Environment.securityHub(clients, topic),
          Clock.systemUTC());
    }
  }
}
