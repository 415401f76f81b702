package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;

/**
 * The orphan sweep against the emulator: a fleet seeded with the SDK, swept through {@link
 * InventoryGateway} and judged by {@link OrphanFinder}. On moto the server is reset before and
 * after, so the sweep sees exactly this fleet:
 *
 * <ul>
 *   <li>{@code inv-prod}: ACTIVE cluster whose Service Connect default is the HTTP namespace {@code
 *       inv-prod} (moto echoes the name and creates no namespace: the test creates it). Its service
 *       {@code catalog} registers into the Cloud Map service {@code catalog}; the Cloud Map service
 *       {@code leftover} beside it holds 3 instances ECS registered for the deleted cluster.
 *   <li>{@code inv-workers}: ACTIVE cluster, no default, 12 services (two DescribeServices
 *       batches); the last registers into the Cloud Map service {@code api} of namespace {@code
 *       inv-api}, which nothing else names.
 *   <li>{@code inv-old}: deleted (INACTIVE); its namespace {@code inv-old} keeps {@code web} (130
 *       ECS instances: two ListInstances pages) and {@code worker} (2).
 *   <li>{@code inv-foreign}: a namespace nobody names, whose {@code legacy} service holds an
 *       instance something other than ECS registered (and one of the deleted cluster's).
 *   <li>{@code inv-dns.internal}: a private DNS namespace left behind, with an empty service.
 * </ul>
 */
class InventoryIT {

  private static final String PREFIX = Fleet.PREFIX + "inv-";

  private static CallCounter calls;
  private static AwsClients clients;
  private static EcsClient ecs;
  private static ServiceDiscoveryClient cloudMap;
  private static String account;
  private static final Map<String, String> namespaceArns = new HashMap<>();
  private static final Map<String, String> namespaceIds = new HashMap<>();
  private static final Map<String, String> serviceArns = new HashMap<>();
  private static String dnsZone;

  private final OrphanFinder finder =
      new OrphanFinder(PriceTable.bundled().cloudMap(Emulator.REGION));

  @BeforeAll
  static void seed() {
    Emulator.resetMoto();
    calls = new CallCounter();
    clients = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls));
    ecs = clients.ecs();
    cloudMap = clients.cloudMap();

    String taskDefinition =
        ecs.registerTaskDefinition(
                r ->
                    r.family(PREFIX + "app")
                        .containerDefinitions(
                            c -> c.name("app").image("public.ecr.aws/nginx/nginx").memory(128)))
            .taskDefinition()
            .taskDefinitionArn();

    httpNamespace("inv-prod");
    httpNamespace("inv-api");
    httpNamespace("inv-old");
    httpNamespace("inv-foreign");
    dnsNamespace("inv-dns.internal");

    String prod = cluster("inv-prod", "inv-prod");
    String workers = cluster("inv-workers", null);
    String old = cluster("inv-old", "inv-old");
    account = prod.split(":")[4];

    cloudMapService("inv-prod", "catalog");
    cloudMapService("inv-prod", "leftover");
    cloudMapService("inv-api", "api");
    cloudMapService("inv-old", "web");
    cloudMapService("inv-old", "worker");
    cloudMapService("inv-foreign", "legacy");
    cloudMapService("inv-dns.internal", "dns-svc");

    ecsService(prod, "catalog", taskDefinition, serviceArns.get("catalog"));
    for (int i = 1; i <= 11; i++) {
      ecsService(workers, "job-" + i, taskDefinition, null);
    }
    // Sorts last (moto lists services by ARN): in the second DescribeServices batch.
    ecsService(workers, "zz-api", taskDefinition, serviceArns.get("api"));

    register("catalog", 2, PREFIX + "prod");
    register("api", 1, PREFIX + "workers");
    register("leftover", 3, PREFIX + "old");
    register("web", 130, PREFIX + "old");
    register("worker", 2, PREFIX + "old");
    register("legacy", 1, PREFIX + "old");
    cloudMap.registerInstance(
        r ->
            r.serviceId(serviceId("legacy"))
                .instanceId("on-prem-1")
                .attributes(Map.of("AWS_INSTANCE_IPV4", "10.0.0.9")));

    ecs.deleteCluster(r -> r.cluster(old));
    calls.reset();
  }

  @AfterAll
  static void cleanUp() {
    Emulator.resetMoto();
  }

  @Test
  void sweep_findsExactlyTheLeftovers_pricedAndComplete() {
    InventoryGateway gateway = InventoryGateway.of(clients);

    calls.reset();
    Instant started = Instant.now();
    Inventory inventory =
        gateway.sweep(account, Emulator.REGION, Instant.now().plus(Duration.ofMinutes(2)));
    long millis = Duration.between(started, Instant.now()).toMillis();
    List<String> operations = calls.operations();
    SweepResult result = finder.find(inventory);

    Map<String, Long> byOperation =
        operations.stream()
            .collect(
                Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    System.out.printf(
        "MEASURE sweep_calls=%d sweep_ms=%d %s%n",
        operations.size(),
        millis,
        byOperation.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ")));

    assertTrue(result.complete(), "skipped: " + result.skipped());
    assertEquals(List.of(), result.skipped());
    Map<String, Orphan> orphans = mine(result);
    assertEquals(
        new TreeMap<>(
            Map.of(
                namespaceArns.get("inv-old"), Orphan.NAMESPACE,
                namespaceArns.get("inv-dns.internal"), Orphan.NAMESPACE,
                serviceArns.get("leftover"), Orphan.CLOUD_MAP_SERVICE)),
        new TreeMap<>(
            orphans.values().stream().collect(Collectors.toMap(Orphan::arn, Orphan::kind))));

    Orphan old = orphans.get(namespaceArns.get("inv-old"));
    assertEquals("HTTP", old.namespaceType());
    assertEquals(2, old.services());
    assertEquals(132, old.instances(), "every page of web's 130 instances, and worker's 2");
    assertEquals("13.20", old.monthlyCostUsd().toPlainString());
    assertEquals(132 + 2 + 1, old.cleanup().size());
    assertEquals(
        "aws servicediscovery delete-namespace --id " + namespaceIds.get("inv-old"),
        old.cleanup().getLast());

    Orphan dns = orphans.get(namespaceArns.get("inv-dns.internal"));
    assertEquals("DNS private (hosted zone " + dnsZone + ")", dns.namespaceType());
    assertEquals(1, dns.services());
    assertEquals(0, dns.instances());
    assertEquals("0.50", dns.monthlyCostUsd().toPlainString());

    Orphan leftover = orphans.get(serviceArns.get("leftover"));
    assertEquals(Fleet.PREFIX + "inv-prod/" + PREFIX + "leftover", leftover.name());
    assertEquals(3, leftover.instances());
    assertEquals("0.30", leftover.monthlyCostUsd().toPlainString());

    if (Emulator.isMoto()) {
      assertEquals("14.00", result.totalMonthlyCostUsd().toPlainString());
    }
    // Batches are full: 12 services in two DescribeServices, the deleted cluster not asked.
    assertEquals(1L, byOperation.get("Ecs:DescribeClusters"), byOperation.toString());
    assertEquals(2L, byOperation.get("Ecs:ListServices"), byOperation.toString());
    assertEquals(3L, byOperation.get("Ecs:DescribeServices"), byOperation.toString());
    // moto ignores the NAMESPACE_ID filter: every namespace lists all 7 Cloud Map services, so
    // GetService places each one, once.
    assertEquals(7L, byOperation.get("ServiceDiscovery:GetService"), byOperation.toString());
    // Instances listed only where no ECS service explains the Cloud Map service (leftover, web,
    // worker, legacy, dns-svc); web's 130 take two pages.
    assertEquals(6L, byOperation.get("ServiceDiscovery:ListInstances"), byOperation.toString());
  }

  @Test
  void sweepPastItsDeadline_isIncomplete_skipsWhatItDidNotRead_reportsNothing() {
    InventoryGateway gateway = InventoryGateway.of(clients);

    SweepResult result = finder.find(gateway.sweep(account, Emulator.REGION, Instant.EPOCH));

    assertFalse(result.complete());
    assertEquals(
        List.of(
            "ListNamespaces: not read, time was up",
            "DescribeAlarms: not read, time was up",
            "ListClusters: not read, time was up"),
        result.skipped());
    assertEquals(List.of(), result.orphans());
  }

  @Test
  void timeUpAfterEcs_cloudMapUnread_isIncompleteAndReportsNothing() {
    // The clock passes the deadline after the 4 ECS-side reads: ListNamespaces, ListClusters and
    // one per ACTIVE cluster. Every namespace's services are then unread.
    Instant deadline = Instant.parse("2026-01-01T00:00:00Z");
    AtomicInteger reads = new AtomicInteger();
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return reads.incrementAndGet() <= 4 ? deadline : deadline.plusSeconds(1);
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    InventoryGateway gateway = new InventoryGateway(ecs, cloudMap, clock);

    Inventory inventory = gateway.sweep(account, Emulator.REGION, deadline);
    SweepResult result = finder.find(inventory);

    assertTrue(inventory.ecsComplete());
    assertFalse(result.complete());
    assertEquals(List.of(), result.orphans());
    assertTrue(
        result.skipped().stream().allMatch(s -> s.endsWith(": not read, time was up")),
        result.skipped().toString());
    for (String id : namespaceIds.values()) {
      assertTrue(
          result.skipped().contains("ListServices " + id + ": not read, time was up"),
          id + " in " + result.skipped());
    }
  }

  /** The orphans among what this test seeded (on moto, the server holds nothing else). */
  private static Map<String, Orphan> mine(SweepResult result) {
    Set<String> seeded = new HashSet<>(namespaceArns.values());
    seeded.addAll(serviceArns.values());
    return result.orphans().stream()
        .filter(o -> Emulator.isMoto() || seeded.contains(o.arn()))
        .collect(Collectors.toMap(Orphan::arn, o -> o));
  }

  // ---- seeding ---------------------------------------------------------------------------------

  private static void httpNamespace(String key) {
    namespace(key, cloudMap.createHttpNamespace(r -> r.name(Fleet.PREFIX + key)).operationId());
  }

  private static void dnsNamespace(String key) {
    // moto does not check that the VPC exists (only that no other namespace has it).
    String operation =
        cloudMap
            .createPrivateDnsNamespace(r -> r.name(Fleet.PREFIX + key).vpc("vpc-0inventoryit"))
            .operationId();
    namespace(key, operation);
    dnsZone =
        cloudMap
            .getNamespace(r -> r.id(namespaceIds.get(key)))
            .namespace()
            .properties()
            .dnsProperties()
            .hostedZoneId();
  }

  /** Waits for the namespace's creation (moto: at once) and notes its id and ARN. */
  private static void namespace(String key, String operationId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      var operation = cloudMap.getOperation(r -> r.operationId(operationId)).operation();
      if (operation.status() == OperationStatus.SUCCESS) {
        String id = operation.targets().get(OperationTargetType.NAMESPACE);
        namespaceIds.put(key, id);
        namespaceArns.put(key, cloudMap.getNamespace(r -> r.id(id)).namespace().arn());
        return;
      }
      if (operation.status() == OperationStatus.FAIL || System.nanoTime() > deadline) {
        throw new IllegalStateException("namespace " + key + ": " + operation);
      }
      sleep(500);
    }
  }

  /** The cluster {@code guardrail-it-KEY}, its default the namespace of that key (by name). */
  private static String cluster(String key, String defaultNamespace) {
    return ecs.createCluster(
            r -> {
              r.clusterName(Fleet.PREFIX + key);
              if (defaultNamespace != null) {
                r.serviceConnectDefaults(d -> d.namespace(Fleet.PREFIX + defaultNamespace));
              }
            })
        .cluster()
        .clusterArn();
  }

  private static void cloudMapService(String namespace, String name) {
    var service =
        cloudMap
            .createService(r -> r.name(PREFIX + name).namespaceId(namespaceIds.get(namespace)))
            .service();
    serviceArns.put(name, service.arn());
  }

  private static String serviceId(String name) {
    String arn = serviceArns.get(name);
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static void ecsService(
      String clusterArn, String name, String taskDefinition, String registryArn) {
    ecs.createService(
        r -> {
          r.cluster(clusterArn)
              .serviceName(PREFIX + name)
              .taskDefinition(taskDefinition)
              .launchType(LaunchType.EC2)
              .desiredCount(0);
          if (registryArn != null) {
            r.serviceRegistries(s -> s.registryArn(registryArn));
          }
        });
  }

  /** {@code count} instances as ECS registers them for a task of {@code cluster}. */
  private static void register(String service, int count, String cluster) {
    IntStream.rangeClosed(1, count)
        .forEach(
            i ->
                cloudMap.registerInstance(
                    r ->
                        r.serviceId(serviceId(service))
                            .instanceId(service + "-task-" + i)
                            .attributes(
                                Map.of(
                                    CloudMapInstance.ECS_CLUSTER_ATTRIBUTE,
                                    cluster,
                                    "AWS_INSTANCE_IPV4",
                                    "10.1.0." + i % 250))));
  }

  /** Empties the embedded moto server; other endpoints are left alone. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
