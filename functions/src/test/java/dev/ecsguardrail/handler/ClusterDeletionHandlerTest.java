package dev.ecsguardrail.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.InventorySource;
import dev.ecsguardrail.flow.MemoryLedger;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * {@code handleBatch} with our own interfaces doubled: a topic that records, a ledger in memory,
 * and an inventory source that returns a built inventory (no AWS client, no AWS fake).
 */
class ClusterDeletionHandlerTest {

  private static final Path CLUSTER_EVENTS = Path.of("..", "events", "cluster");
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String LEGACY_NS_ID = "ns-legacy0000000001";
  private static final String LEGACY_NS =
      "arn:aws:servicediscovery:us-east-1:123456789012:namespace/" + LEGACY_NS_ID;
  private static final Instant DEADLINE = Instant.parse("2026-11-30T09:30:00Z");

  private final List<Notification> published = new ArrayList<>();
  private final MemoryLedger ledger = new MemoryLedger();
  private final LegacyOnly inventories = new LegacyOnly();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T09:20:00Z"), ZoneOffset.UTC);

  private final ClusterDeletionHandler handler =
      new ClusterDeletionHandler(
          new ClusterDeletionGuard(
              new ClusterDeletionCheck(
                  inventories, new OrphanFinder(PriceTable.bundled().cloudMap(REGION))),
              published::add,
              ledger,
              new PolicyCache(Optional::empty, clock),
              SecurityHubPublisher.OFF,
              clock));

  // ---- our own interfaces, doubled ------------------------------------------------------------

  /**
   * The legacy namespace, left behind (one ECS instance for the deleted cluster); cluster {@code
   * batch}'s lookup fails while {@code failing} is set.
   */
  private static final class LegacyOnly implements InventorySource {
    boolean failing = true;

    @Override
    public Inventory sweep(String account, String region, Instant deadline) {
      throw new UnsupportedOperationException("the cluster check sweeps one namespace");
    }

    @Override
    public Inventory services(String account, String region, Instant deadline) {
      throw new UnsupportedOperationException("the cluster check sweeps one namespace");
    }

    @Override
    public Optional<Map<String, String>> tags(String namespaceArn) {
      return Optional.of(Map.of());
    }

    @Override
    public Optional<Inventory> sweepNamespace(
        String account, String region, String namespaceArn, Instant deadline) {
      CloudMapNamespace ns =
          new CloudMapNamespace(LEGACY_NS_ID, LEGACY_NS, "legacy", "HTTP", ACCOUNT, null, null);
      CloudMapService api =
          new CloudMapService(
                  "srv-api",
                  "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-api",
                  "api",
                  LEGACY_NS_ID,
                  null,
                  null)
              .withInstances(List.of(new CloudMapInstance("i-1", "legacy")));
      return Optional.of(
          new Inventory(
              account,
              region,
              List.of(ns),
              Map.of(LEGACY_NS_ID, List.of(api)),
              List.of(),
              List.of(),
              true,
              List.of()));
    }

    @Override
    public Optional<String> namespaceArn(String reference, String clusterName) {
      if (failing && "batch".equals(clusterName)) {
        throw new IllegalStateException("ListNamespaces: Throttling");
      }
      return Optional.ofNullable(reference);
    }
  }

  // ---- fixtures -------------------------------------------------------------------------------

  private static String sample(String file) {
    try {
      return Files.readString(CLUSTER_EVENTS.resolve(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final String LEFT = sample("delete-cluster-left-namespace.json");
  private static final String NO_NAMESPACE = sample("delete-cluster-no-namespace.json");

  /** An SQS batch: (messageId, body) pairs. */
  private static JsonNode batch(String... idsAndBodies) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    ArrayNode records = root.putArray("Records");
    for (int i = 0; i < idsAndBodies.length; i += 2) {
      records.addObject().put("messageId", idsAndBodies[i]).put("body", idsAndBodies[i + 1]);
    }
    return root;
  }

  private List<String> failures(JsonNode batch) {
    List<String> ids = new ArrayList<>();
    handler
        .handleBatch(batch, DEADLINE, MetricsFactory.getMetricsInstance())
        .get("batchItemFailures")
        .forEach(f -> ids.add(f.get("itemIdentifier").asText()));
    return ids;
  }

  private List<List<String>> ruleIds() {
    return published.stream().map(Notification::ruleIds).toList();
  }

  private static String withoutResponseElements(String event) {
    ObjectNode envelope =
        (ObjectNode) StrictJson.parse(event.getBytes(StandardCharsets.UTF_8), "sample");
    ((ObjectNode) envelope.get("detail")).remove("responseElements");
    return envelope.toString();
  }

  // ---- handleBatch ----------------------------------------------------------------------------

  @Test
  void leftNamespace_isAlertedOnceAsNs001() {
    assertEquals(List.of(), failures(batch("m1", LEFT)));

    assertEquals(List.of(List.of("NS001")), ruleIds());
    assertEquals("orphan", published.getFirst().attributes().get("kind"));
    assertTrue(published.getFirst().chat().contains(LEGACY_NS), published.getFirst().chat());
  }

  @Test
  void malformedBodies_areReportedAsEv001_andNotRetried() {
    String damaged = withoutResponseElements(LEFT);

    assertEquals(List.of(), failures(batch("m1", "not json {", "m2", damaged, "m3", "[1, 2]")));

    assertEquals(List.of(List.of("EV001"), List.of("EV001"), List.of("EV001")), ruleIds());
    assertEquals(
        "0c9d8e7f-1a2b-4c3d-9e8f-000000000101", published.get(1).attributes().get("eventId"));
  }

  @Test
  void sourceFailure_retriesThatMessageOnly() {
    List<String> failed = failures(batch("m1", NO_NAMESPACE, "m2", LEFT));

    assertEquals(List.of("m1"), failed);
    assertEquals(List.of(List.of("NS001")), ruleIds());
  }

  @Test
  void sourceFailure_givesTheClaimBack_soTheRetryIsHandled() {
    failures(batch("m1", NO_NAMESPACE));
    inventories.failing = false;

    assertEquals(List.of(), failures(batch("m1", NO_NAMESPACE)));
    assertEquals(Set.of("api:0c9d8e7f-1a2b-4c3d-9e8f-000000000102"), ledger.done);
  }

  @Test
  void duplicateDelivery_isNotNotifiedAgain() {
    assertEquals(List.of(), failures(batch("m1", LEFT, "m2", LEFT)));
    assertEquals(List.of(), failures(batch("m3", LEFT)));

    assertEquals(List.of(List.of("NS001")), ruleIds());
  }
}
