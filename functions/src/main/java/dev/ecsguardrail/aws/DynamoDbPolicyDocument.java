package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.PolicyCache;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the account's policy document: the item {@code id = policy} of the ledger table, attribute
 * {@code document} (a JSON string). One table for both, so a deployment has one thing to grant.
 */
public final class DynamoDbPolicyDocument implements Supplier<Optional<String>> {

  static final String ITEM_ID = "policy";

  private final DynamoDbClient dynamoDb;
  private final String table;

  public DynamoDbPolicyDocument(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * @throws PolicyCache.DocumentUnavailableException when DynamoDB throttled, failed (5xx) or could
   *     not be reached, after the SDK's retries: a failure for now, not a problem with the document
   */
  @Override
  public Optional<String> get() {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamoDb
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(Map.of("id", AttributeValue.builder().s(ITEM_ID).build())))
              .item();
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new PolicyCache.DocumentUnavailableException("policy document: " + e.getMessage(), e);
      }
      throw e;
    } catch (SdkClientException e) {
      throw new PolicyCache.DocumentUnavailableException("policy document: " + e.getMessage(), e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue document = item.get("document");
    // A document of the wrong type is a bad document, reported as such, not "no document".
    return Optional.of(document == null || document.s() == null ? "" : document.s());
  }
}
