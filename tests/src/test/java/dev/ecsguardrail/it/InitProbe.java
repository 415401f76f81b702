package dev.ecsguardrail.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AlarmGateway;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.EcsGateway;
import dev.ecsguardrail.handler.CorrelatedLogging;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * One fresh JVM of {@code bench/split}: the steps of a service-change function's init and of its
 * first event's logging, in the order the function takes them, each timed after the ones before it
 * (so each figure is what that step adds). Prints {@code STEP name ms classes} lines, classes being
 * how many the step loaded. The first calls go to {@code AWS_ENDPOINT_URL}.
 */
public final class InitProbe {

  private InitProbe() {}

  public static void main(String[] args) throws IOException {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    Context context = Invocations.of("service-change", 30_000);
    step("first-object-mapper", () -> StrictJson.MAPPER);
    JsonNode tree = step("first-parse", () -> StrictJson.parse(event, "the event"));
    // The logger too: Log4j starts with the first one.
    step(
        "first-powertools-log-line",
        () -> PowertoolsLogging.withLogging(context, () -> logged("init")));
    AwsClients clients = step("aws-clients", () -> AwsClients.forRegion("us-east-1"));
    step("ecs-client", clients::ecs);
    step("dynamodb-client", clients::dynamoDb);
    step("sns-client", clients::sns);
    step("cloud-map-client", clients::cloudMap);
    // Not on the service-change path: the alarm functions' and the digest's client.
    step("cloudwatch-client", clients::cloudWatch);
    // Each client's first call (signing, endpoint rules, marshalling, a connection) against the
    // emulator bench/split starts, as the gateways make it (the shrunk jar keeps only those
    // methods); a refusal (no such table or topic) is a first call too.
    step("ecs-first-call", () -> new EcsGateway(clients.ecs()).cluster("probe"));
    step(
        "dynamodb-first-call",
        () ->
            refused(
                () ->
                    clients
                        .dynamoDb()
                        .getItem(
                            r ->
                                r.tableName("probe")
                                    .key(Map.of("id", AttributeValue.builder().s("probe").build()))
                                    .consistentRead(true))));
    step(
        "sns-first-call",
        () ->
            refused(
                () ->
                    clients
                        .sns()
                        .publish(
                            r ->
                                r.topicArn("arn:aws:sns:us-east-1:123456789012:probe")
                                    .subject("probe")
                                    .message("probe"))));
    step(
        "cloud-map-first-call",
        () -> clients.cloudMap().listNamespacesPaginator(r -> r.maxResults(100)).stream().count());
    step("cloudwatch-first-call", () -> new AlarmGateway(clients.cloudWatch()).alarms());
    step("service-rules", () -> RuleCatalog.SERVICE_RULES);
    // The correlation id as the functions read it now, then as Powertools' JMESPath path did.
    step(
        "correlation-id-by-json-pointer",
        () ->
            CorrelatedLogging.withLogging(
                context, JsonPointer.compile("/detail/eventID"), tree, () -> logged("event")));
    step(
        "correlation-id-by-jmespath",
        () ->
            PowertoolsLogging.withLogging(context, "detail.eventID", tree, () -> logged("event")));
  }

  private static Object refused(Supplier<?> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  private static Object logged(String what) {
    Logger log = LoggerFactory.getLogger(InitProbe.class);
    log.info("probe: {}", what);
    return what;
  }

  private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

  /** Prints the step's time and the classes it loaded: cold, most of the time is loading them. */
  private static <T> T step(String name, Supplier<T> work) {
    long loaded = CLASSES.getTotalLoadedClassCount();
    long start = System.nanoTime();
    T result = work.get();
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("STEP %s %.2f %d%n", name, ms, CLASSES.getTotalLoadedClassCount() - loaded);
    return result;
  }
}
