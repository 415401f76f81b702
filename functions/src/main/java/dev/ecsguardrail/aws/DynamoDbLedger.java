package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.EventLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The event ledger in DynamoDB: one item per event, {@code id = event#<key>}, claimed with a
 * conditional update. A claim is a lease: if an invocation dies without releasing it, the next
 * delivery after the lease may take it over. Items expire (TTL attribute {@code expiresAt}) after
 * the longest redelivery window.
 */
public final class DynamoDbLedger implements EventLedger {

  /** Longer than the function's timeout, so a live invocation never loses its claim. */
  static final Duration LEASE = Duration.ofSeconds(90);

  /** EventBridge retries for up to 24 h, Lambda's async queue for up to 6 h: keep 3 days. */
  static final Duration RETENTION = Duration.ofDays(3);

  private static final String IN_PROGRESS = "IN_PROGRESS";
  private static final String DONE = "DONE";

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;
  private final Duration lease;

  public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
    this(dynamoDb, table, clock, LEASE);
  }

  /**
   * @param lease longer than the timeout of the function that claims (the sweeps run for minutes)
   */
  public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Clock clock, Duration lease) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.clock = clock;
    this.lease = lease;
  }

  @Override
  public Optional<Claim> claim(String key) {
    long now = clock.instant().getEpochSecond();
    try {
      Map<String, AttributeValue> old =
          dynamoDb
              .updateItem(
                  r ->
                      r.tableName(table)
                          .key(key(key))
                          .updateExpression(
                              "SET #status = :progress, leaseUntil = :lease, expiresAt = :ttl")
                          .conditionExpression(
                              "attribute_not_exists(id) OR (#status = :progress AND leaseUntil <"
                                  + " :now)")
                          .expressionAttributeNames(Map.of("#status", "status"))
                          .expressionAttributeValues(
                              Map.of(
                                  ":progress", s(IN_PROGRESS),
                                  ":lease", n(now + lease.toSeconds()),
                                  ":ttl", n(now + RETENTION.toSeconds()),
                                  ":now", n(now)))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      boolean blocked = old != null && old.containsKey("blocked") && old.get("blocked").bool();
      return Optional.of(new Claim(key, blocked));
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> item =
          dynamoDb.getItem(r -> r.tableName(table).key(key(key)).consistentRead(true)).item();
      if (item != null && item.containsKey("status") && DONE.equals(item.get("status").s())) {
        return Optional.empty();
      }
      throw new EventInProgressException(key);
    }
  }

  @Override
  public void markBlocked(Claim claim) {
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(key(claim.key()))
                .updateExpression("SET blocked = :true")
                .expressionAttributeValues(
                    Map.of(":true", AttributeValue.builder().bool(true).build())));
  }

  @Override
  public void complete(Claim claim) {
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(key(claim.key()))
                .updateExpression("SET #status = :done REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", s(DONE))));
  }

  @Override
  public void release(Claim claim) {
    // Ends the lease but keeps the item: whether the block was done must survive the retry.
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(key(claim.key()))
                .updateExpression("SET leaseUntil = :zero")
                .expressionAttributeValues(Map.of(":zero", n(0))));
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of("id", s("event#" + key));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }
}
