package dev.ecsguardrail.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsguardrail.aws.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The floor of this stack, beside the bare {@link FloorHandler}: the least every function here
 * does, with the libraries it does it with and none of our logic. Jackson parses the event, one SDK
 * client (DynamoDB, built by {@link AwsClients} as the functions build theirs) makes one GetItem
 * call, and one log line goes through Powertools and Log4j. {@code bench/run} runs it from the
 * shaded jar with this class added, so its cold start is what the stack costs before any rule,
 * gateway or notification of ours.
 */
public final class StackFloorHandler implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StackFloorHandler.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DynamoDbClient DYNAMO_DB =
      AwsClients.forRegion(AwsClients.currentRegion()).dynamoDb();
  private static final String TABLE = System.getenv("LEDGER_TABLE");

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = MAPPER.readTree(input);
    String id = event.path("detail").path("eventID").asText("none");
    boolean found =
        PowertoolsLogging.withLogging(
            context,
            () -> {
              boolean item =
                  DYNAMO_DB
                      .getItem(
                          r ->
                              r.tableName(TABLE)
                                  .key(Map.of("id", AttributeValue.builder().s(id).build())))
                      .hasItem();
              LOG.info("stack floor: one GetItem");
              return item;
            });
    MAPPER.writeValue(output, MAPPER.createObjectNode().put("found", found));
  }
}
