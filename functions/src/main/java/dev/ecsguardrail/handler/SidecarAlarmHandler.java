package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonPointer;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.DynamoDbLedger;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Lambda entry point for "CloudWatch Alarm State Change" events of the guardrail's proxy-memory
 * alarms (the EventBridge rule matches their name prefix).
 */
public final class SidecarAlarmHandler implements RequestStreamHandler {

  /** The event id correlates the invocation's log lines. */
  private static final JsonPointer EVENT_ID = JsonPointer.compile("/id");

  private final SidecarAlarmGuard guard;

  static {
    Priming.register(
        Priming::alarmAlerts, SdkPriming::dynamoDb, SdkPriming::ecs, SdkPriming::securityHub);
  }

  public SidecarAlarmHandler() {
    this(Production.GUARD);
  }

  public SidecarAlarmHandler(SidecarAlarmGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = input.readAllBytes();
    String result =
        FunctionMetrics.around(
            metrics -> {
              String done =
                  CorrelatedLogging.withLogging(
                      context, EVENT_ID, StrictJson.treeOrNull(event), () -> guard.handle(event));
              FunctionMetrics.count(metrics, "AlarmStateChanges", 1);
              FunctionMetrics.count(
                  metrics, "Alerts", "fired".equals(done) || "recovered".equals(done) ? 1 : 0);
              return done;
            });
    output.write(
        StrictJson.MAPPER.writeValueAsBytes(
            StrictJson.MAPPER.createObjectNode().put("result", result)));
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final SidecarAlarmGuard GUARD = create();

    private static SidecarAlarmGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      String table = Environment.required("LEDGER_TABLE", "the function cannot deduplicate events");
      SnsTopicGateway topic =
          new SnsTopicGateway(
              clients.sns(),
              Environment.required("TOPIC_ARN", "the function has nowhere to alert"));
      return new SidecarAlarmGuard(
          topic,
          new DynamoDbLedger(clients.dynamoDb(), table, Clock.systemUTC()),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          AwsContextSource.of(clients),
          Environment.securityHub(clients, topic),
          Clock.systemUTC());
    }
  }
}
