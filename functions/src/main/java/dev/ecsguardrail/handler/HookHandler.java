package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.event.HookRequestParser;
import dev.ecsguardrail.flow.HookCheck;
import dev.ecsguardrail.flow.HookGuard;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Lambda entry point of the CloudFormation Lambda hook ({@code AWS::CloudFormation::LambdaHook} on
 * {@code AWS::ECS::Service}, CREATE and UPDATE, PRE_PROVISION): the request in, the hook's response
 * out, always.
 */
public final class HookHandler implements RequestStreamHandler {

  /** The request token correlates the invocation's log lines. */
  private static final JsonPointer TOKEN = JsonPointer.compile("/clientRequestToken");

  /**
   * CloudFormation waits 30 seconds for the answer: the context reads get 20, which leaves the
   * alert and the reply their time.
   */
  static final Duration BUDGET = Duration.ofSeconds(20);

  private final HookGuard guard;

  static {
    Priming.register(Priming::hookChecks, SdkPriming::dynamoDb, SdkPriming::ecs);
  }

  public HookHandler() {
    this(Production.GUARD);
  }

  public HookHandler(HookGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] request = input.readAllBytes();
    ObjectNode response =
        FunctionMetrics.around(
            metrics -> {
              ObjectNode answer =
                  CorrelatedLogging.withLogging(
                      context,
                      TOKEN,
                      request.length > HookRequestParser.MAX_BYTES
                          ? null
                          : StrictJson.treeOrNull(request),
                      () -> guard.handle(request));
              FunctionMetrics.count(metrics, "HookRequests", 1);
              FunctionMetrics.count(
                  metrics,
                  "HookRefusals",
                  "FAILED".equals(answer.path("hookStatus").asText()) ? 1 : 0);
              return answer;
            });
    output.write(StrictJson.MAPPER.writeValueAsBytes(response));
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final HookGuard GUARD = create();

    private static HookGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      String table = Environment.required("LEDGER_TABLE", "the function cannot read its policy");
      return new HookGuard(
          new HookCheck(RuleCatalog.SERVICE_RULES),
          new PolicyCache(new DynamoDbPolicyDocument(clients.dynamoDb(), table), Clock.systemUTC()),
          AwsContextSource.of(clients),
          new SnsTopicGateway(
              clients.sns(),
              Environment.required("TOPIC_ARN", "the function has nowhere to alert")),
          failOn(),
          BUDGET,
          AwsClients.currentRegion(),
          Clock.systemUTC());
    }

    private static Severity failOn() {
      String value = System.getenv("HOOK_FAIL_ON");
      return value == null || value.isBlank()
          ? Severity.HIGH
          : Severity.valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
  }
}
