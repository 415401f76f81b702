package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.DigestHistory;
import dev.ecsguardrail.orphan.DigestTotals;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The last complete digest's totals: one item ({@code id = digest#totals}) in the ledger table. */
public final class DynamoDbDigestHistory implements DigestHistory {

  static final String ITEM_ID = "digest#totals";

  private final DynamoDbClient dynamoDb;
  private final String table;

  public DynamoDbDigestHistory(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  @Override
  public Optional<DigestTotals> previous() {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(table).key(key()).consistentRead(true)).item();
    if (item == null || !item.containsKey("orphans") || !item.containsKey("monthlyCostUsd")) {
      return Optional.empty();
    }
    return Optional.of(
        new DigestTotals(
            Integer.parseInt(item.get("orphans").n()),
            new BigDecimal(item.get("monthlyCostUsd").n())));
  }

  @Override
  public void save(DigestTotals totals) {
    dynamoDb.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "id", AttributeValue.builder().s(ITEM_ID).build(),
                        "orphans",
                            AttributeValue.builder().n(Integer.toString(totals.orphans())).build(),
                        "monthlyCostUsd",
                            AttributeValue.builder()
                                .n(totals.monthlyCostUsd().toPlainString())
                                .build())));
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("id", AttributeValue.builder().s(ITEM_ID).build());
  }
}
