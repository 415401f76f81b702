package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.EvaluationJson;
import dev.ecsguardrail.check.ServiceChangeCheck;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Lambda entry point for the CloudTrail records of CreateService and UpdateService: reads the raw
 * envelope, hands it to the {@link ServiceChangeGuard}, answers with the evaluation's JSON.
 */
public final class ServiceChangeHandler implements RequestStreamHandler {

  /** The CloudTrail event id: the correlation id of every log line of an invocation. */
  static final String EVENT_ID_PATH = "detail.eventID";

  static {
    Priming.register();
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
      Evaluation evaluation =
          PowertoolsLogging.withLogging(
              context,
              EVENT_ID_PATH,
              envelope,
              () ->
                  guard.handle(
                      envelope == null ? EventParser.parse(raw) : EventParser.parse(envelope)));
      // EMF metrics: findings per event, and events that could not be evaluated (alarm on these).
      metrics.addMetric("Findings", evaluation.findings().size(), MetricUnit.COUNT);
      metrics.addMetric("Unevaluable", evaluation.evaluable() ? 0 : 1, MetricUnit.COUNT);
      output.write(StrictJson.MAPPER.writeValueAsBytes(EvaluationJson.toJson(evaluation)));
    } finally {
      metrics.flush();
    }
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final ServiceChangeGuard GUARD = create();

    private static ServiceChangeGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      String topicArn = System.getenv("TOPIC_ARN");
      if (topicArn == null || topicArn.isBlank()) {
        throw new IllegalStateException("TOPIC_ARN is not set: the function has nowhere to alert");
      }
      return new ServiceChangeGuard(
          new ServiceChangeCheck(RuleCatalog.SERVICE_RULES),
          AwsContextSource.of(clients),
          new SnsTopicGateway(clients.sns(), topicArn));
    }
  }
}
