package dev.ecsguardrail.orphan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.Orphan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrphanFinderTest {

  private static final String ACCOUNT = "123456789012";
  private static final String OTHER_ACCOUNT = "210987654321";
  private static final String REGION = "us-east-1";
  private static final String NS_ARN = nsArn(ACCOUNT, "ns-shop");
  private static final String SVC_ARN = svcArn("srv-cart");

  private final OrphanFinder finder = new OrphanFinder(PriceTable.bundled().cloudMap(REGION));

  // ---- fixtures: one line each ----------------------------------------------------------------

  private static String nsArn(String account, String id) {
    return "arn:aws:servicediscovery:" + REGION + ":" + account + ":namespace/" + id;
  }

  private static String svcArn(String id) {
    return "arn:aws:servicediscovery:" + REGION + ":" + ACCOUNT + ":service/" + id;
  }

  private static CloudMapNamespace http(String id, String name) {
    return new CloudMapNamespace(id, nsArn(ACCOUNT, id), name, "HTTP", ACCOUNT, null, null);
  }

  private static CloudMapNamespace dns(String id, String name, String type, String zone) {
    return new CloudMapNamespace(id, nsArn(ACCOUNT, id), name, type, ACCOUNT, zone, null);
  }

  /** Shared through RAM: the ARN and the owner are the other account's. */
  private static CloudMapNamespace shared(String id, String name) {
    return new CloudMapNamespace(
        id, nsArn(OTHER_ACCOUNT, id), name, "HTTP", OTHER_ACCOUNT, null, null);
  }

  private static CloudMapService listed(String id, String nsId, CloudMapInstance... instances) {
    return new CloudMapService(id, svcArn(id), id.substring(4), nsId, null, List.of())
        .withInstances(List.of(instances));
  }

  /** Instances not listed: Cloud Map's count only ({@code null}: not known either). */
  private static CloudMapService unlisted(String id, String nsId, Integer count) {
    return new CloudMapService(id, svcArn(id), id.substring(4), nsId, count, null);
  }

  private static CloudMapInstance ecs(String id, String cluster) {
    return new CloudMapInstance(id, cluster);
  }

  private static CloudMapInstance foreign(String id) {
    return new CloudMapInstance(id, null);
  }

  private static EcsCluster cluster(String name, String status, String defaultNamespace) {
    return new EcsCluster(
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + name,
        name,
        status,
        defaultNamespace);
  }

  private static EcsService service(List<String> namespaces, List<String> cloudMapServices) {
    return new EcsService(
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/prod/catalog",
        "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/prod",
        namespaces,
        cloudMapServices);
  }

  /** What a complete sweep saw. */
  private static Inventory inventory(
      List<CloudMapNamespace> namespaces,
      Map<String, List<CloudMapService>> cloudMapServices,
      List<EcsCluster> clusters,
      List<EcsService> services) {
    return new Inventory(
        ACCOUNT, REGION, namespaces, cloudMapServices, clusters, services, true, List.of());
  }

  /** The namespace {@code shop} (ns-shop) with one Cloud Map service, srv-cart. */
  private static Inventory shop(
      List<EcsCluster> clusters, List<EcsService> services, CloudMapService cart) {
    return inventory(
        List.of(http("ns-shop", "shop")), Map.of("ns-shop", List.of(cart)), clusters, services);
  }

  private static List<String> arns(SweepResult result) {
    return result.orphans().stream().map(Orphan::arn).toList();
  }

  // ---- the judgement of one namespace ---------------------------------------------------------

  static Stream<Arguments> namespaceCases() {
    CloudMapService leftover = listed("srv-cart", "ns-shop", ecs("i-1", "old"), ecs("i-2", "old"));
    CloudMapService empty = listed("srv-cart", "ns-shop");
    EcsCluster old = cluster("old", "INACTIVE", NS_ARN);
    return Stream.of(
        // (case, clusters, ECS services, the Cloud Map service, orphan?)
        Arguments.of("cluster gone, ECS instances left", List.of(), List.of(), leftover, true),
        Arguments.of("cluster gone, nothing left", List.of(), List.of(), empty, true),
        Arguments.of(
            "count 0, not listed", List.of(), List.of(), unlisted("srv-cart", "", 0), true),
        Arguments.of("INACTIVE cluster's default", List.of(old), List.of(), leftover, true),
        Arguments.of(
            "ACTIVE cluster's default by ARN",
            List.of(cluster("prod", "ACTIVE", NS_ARN)),
            List.of(),
            empty,
            false),
        Arguments.of(
            "ACTIVE cluster's default by name",
            List.of(cluster("prod", "ACTIVE", "shop")),
            List.of(),
            empty,
            false),
        Arguments.of(
            "ACTIVE cluster, other default",
            List.of(cluster("prod", "ACTIVE", nsArn(ACCOUNT, "ns-other"))),
            List.of(),
            empty,
            true),
        Arguments.of(
            "Service Connect namespace by ARN",
            List.of(),
            List.of(service(List.of(NS_ARN), List.of())),
            empty,
            false),
        Arguments.of(
            "Service Connect namespace by name",
            List.of(),
            List.of(service(List.of("shop"), List.of())),
            empty,
            false),
        Arguments.of(
            "serviceRegistries into its Cloud Map service",
            List.of(),
            List.of(service(List.of(), List.of(SVC_ARN))),
            leftover,
            false),
        Arguments.of(
            "ECS service elsewhere",
            List.of(),
            List.of(service(List.of("elsewhere"), List.of(svcArn("srv-other")))),
            leftover,
            true),
        Arguments.of(
            "instance registered by something else",
            List.of(old),
            List.of(),
            listed("srv-cart", "ns-shop", ecs("i-1", "old"), foreign("i-2")),
            false),
        // Shared out through AWS RAM (cross-account Service Connect): a consumer account's
        // cluster, unknown here, registered the instance.
        Arguments.of(
            "instance another account registered (namespace shared out)",
            List.of(),
            List.of(),
            listed("srv-cart", "ns-shop", new CloudMapInstance("i-1", "their-prod", OTHER_ACCOUNT)),
            false),
        Arguments.of(
            "instance this account registered, its cluster gone",
            List.of(),
            List.of(),
            listed("srv-cart", "ns-shop", new CloudMapInstance("i-1", "old", ACCOUNT)),
            true),
        Arguments.of(
            "instance of an ACTIVE cluster",
            List.of(old, cluster("prod", "ACTIVE", null)),
            List.of(),
            listed("srv-cart", "ns-shop", ecs("i-1", "old"), ecs("i-2", "prod")),
            false),
        Arguments.of(
            "instance of an INACTIVE cluster",
            List.of(cluster("prod", "INACTIVE", null)),
            List.of(),
            listed("srv-cart", "ns-shop", ecs("i-1", "prod")),
            true));
  }

  @ParameterizedTest(name = "{0} -> orphan: {4}")
  @MethodSource("namespaceCases")
  void namespace_isAnOrphanOnlyWhenNothingUsesIt(
      String scenario,
      List<EcsCluster> clusters,
      List<EcsService> services,
      CloudMapService cart,
      boolean orphan) {
    SweepResult result = finder.find(shop(clusters, services, cart));

    // Where the namespace is in use, an unused srv-cart is a Cloud Map service orphan (below).
    assertEquals(
        orphan ? List.of(NS_ARN) : List.of(),
        result.namespaces().stream().map(Orphan::arn).toList(),
        scenario);
    assertTrue(result.complete(), scenario + ": " + result.skipped());
  }

  @Test
  void anotherAccountsNamespace_isNeverReported() {
    // Shared through RAM, with nothing using it and only leftovers in it: still not ours.
    Inventory inventory =
        inventory(
            List.of(shared("ns-shared", "shop")),
            Map.of("ns-shared", List.of(listed("srv-cart", "ns-shared", ecs("i-1", "old")))),
            List.of(),
            List.of());

    SweepResult result = finder.find(inventory);

    assertEquals(List.of(), result.orphans());
    assertTrue(result.complete());
  }

  @Test
  void namespaceWithoutAKnownOwner_isNotReported() {
    CloudMapNamespace unknownOwner =
        new CloudMapNamespace("ns-x", nsArn(ACCOUNT, "ns-x"), "x", "HTTP", null, null, null);

    SweepResult result =
        finder.find(
            inventory(List.of(unknownOwner), Map.of("ns-x", List.of()), List.of(), List.of()));

    assertEquals(List.of(), result.orphans());
  }

  // ---- what an orphan says --------------------------------------------------------------------

  @Test
  void leftoverEcsInstances_areCountedAndCost10CentsEach() {
    CloudMapService cart =
        listed("srv-cart", "ns-shop", ecs("i-1", "old"), ecs("i-2", "old"), ecs("i-3", "old"));

    Orphan orphan = finder.find(shop(List.of(), List.of(), cart)).orphans().getFirst();

    assertEquals(Orphan.NAMESPACE, orphan.kind());
    assertEquals(NS_ARN, orphan.arn());
    assertEquals("shop", orphan.name());
    assertEquals("HTTP", orphan.namespaceType());
    assertEquals(1, orphan.services());
    assertEquals(3, orphan.instances());
    assertEquals("0.30", orphan.monthlyCostUsd().toPlainString());
    assertTrue(
        orphan.reason().contains("its instances were registered for clusters that are gone"),
        orphan.reason());
  }

  @Test
  void emptyHttpNamespace_costsNothing() {
    Orphan orphan =
        finder.find(shop(List.of(), List.of(), listed("srv-cart", "ns-shop"))).orphans().get(0);

    assertEquals(0, orphan.instances());
    assertEquals("0.00", orphan.monthlyCostUsd().toPlainString());
    assertFalse(orphan.reason().contains("instances"), orphan.reason());
  }

  @Test
  void dnsNamespace_costsItsHostedZoneAndSaysSo() {
    Inventory inventory =
        inventory(
            List.of(
                dns("ns-priv", "shop.internal", "DNS_PRIVATE", "Z0PRIV"),
                dns("ns-pub", "shop.example.com", "DNS_PUBLIC", "Z0PUB")),
            Map.of(
                "ns-priv", List.of(listed("srv-a", "ns-priv", ecs("i-1", "old"))),
                "ns-pub", List.of()),
            List.of(),
            List.of());

    List<Orphan> orphans = finder.find(inventory).orphans();

    assertEquals(
        List.of("DNS private (hosted zone Z0PRIV)", "DNS public (hosted zone Z0PUB)"),
        orphans.stream().map(Orphan::namespaceType).toList());
    assertEquals(
        List.of("0.60", "0.50"),
        orphans.stream().map(o -> o.monthlyCostUsd().toPlainString()).toList());
    assertTrue(orphans.get(0).reason().endsWith("its Route 53 hosted zone Z0PRIV"));
  }

  @Test
  void dnsNamespaceWithoutAZone_costsNoZone() {
    Inventory inventory =
        inventory(
            List.of(dns("ns-priv", "shop.internal", "DNS_PRIVATE", " ")),
            Map.of("ns-priv", List.of()),
            List.of(),
            List.of());

    Orphan orphan = finder.find(inventory).orphans().getFirst();

    assertEquals("DNS private", orphan.namespaceType());
    assertEquals("0.00", orphan.monthlyCostUsd().toPlainString());
  }

  @Test
  void cleanup_deregistersInstancesThenDeletesServicesThenTheNamespace() {
    Inventory inventory =
        inventory(
            List.of(http("ns-shop", "shop")),
            Map.of(
                "ns-shop",
                List.of(
                    listed("srv-cart", "ns-shop", ecs("i-1", "old"), ecs("i-2", "old")),
                    unlisted("srv-empty", "ns-shop", 0))),
            List.of(),
            List.of());

    assertEquals(
        List.of(
            "aws servicediscovery deregister-instance --service-id srv-cart --instance-id i-1",
            "aws servicediscovery deregister-instance --service-id srv-cart --instance-id i-2",
            "aws servicediscovery delete-service --id srv-cart",
            "aws servicediscovery delete-service --id srv-empty",
            "aws servicediscovery delete-namespace --id ns-shop"),
        finder.find(inventory).orphans().getFirst().cleanup());
  }

  @Test
  void cloudMapServiceLeftBehind_inANamespaceStillInUse_isItsOwnOrphan() {
    Inventory inventory =
        inventory(
            List.of(http("ns-shop", "shop")),
            Map.of(
                "ns-shop",
                List.of(
                    listed("srv-cart", "ns-shop", ecs("i-1", "prod")),
                    listed("srv-gone", "ns-shop", ecs("i-2", "old"), ecs("i-3", "old")),
                    listed("srv-other", "ns-shop", foreign("i-4")))),
            List.of(cluster("prod", "ACTIVE", NS_ARN)),
            List.of(service(List.of(NS_ARN), List.of(SVC_ARN))));

    SweepResult result = finder.find(inventory);

    assertEquals(List.of(svcArn("srv-gone")), arns(result));
    Orphan orphan = result.orphans().getFirst();
    assertEquals(Orphan.CLOUD_MAP_SERVICE, orphan.kind());
    assertEquals("shop/gone", orphan.name());
    assertEquals("HTTP", orphan.namespaceType());
    assertEquals(1, orphan.services());
    assertEquals(2, orphan.instances());
    assertEquals("0.20", orphan.monthlyCostUsd().toPlainString());
    assertEquals(
        List.of(
            "aws servicediscovery deregister-instance --service-id srv-gone --instance-id i-2",
            "aws servicediscovery deregister-instance --service-id srv-gone --instance-id i-3",
            "aws servicediscovery delete-service --id srv-gone"),
        orphan.cleanup());
    assertEquals(List.of(), result.namespaces());
    assertTrue(result.complete());
  }

  @Test
  void cloudMapServiceInDnsNamespaceInUse_costsNoZone() {
    Inventory inventory =
        inventory(
            List.of(dns("ns-priv", "shop.internal", "DNS_PRIVATE", "Z0PRIV")),
            Map.of("ns-priv", List.of(listed("srv-gone", "ns-priv", ecs("i-1", "old")))),
            List.of(cluster("prod", "ACTIVE", "shop.internal")),
            List.of());

    Orphan orphan = finder.find(inventory).orphans().getFirst();

    assertEquals(Orphan.CLOUD_MAP_SERVICE, orphan.kind());
    assertEquals("DNS private (hosted zone Z0PRIV)", orphan.namespaceType());
    assertEquals("0.10", orphan.monthlyCostUsd().toPlainString());
  }

  @Test
  void totalMonthlyCost_sumsTheOrphans() {
    Inventory inventory =
        inventory(
            List.of(
                http("ns-a", "a"),
                dns("ns-b", "b.internal", "DNS_PRIVATE", "Z0B"),
                http("ns-c", "c")),
            Map.of(
                "ns-a", List.of(listed("srv-a", "ns-a", ecs("i-1", "x"), ecs("i-2", "x"))),
                "ns-b", List.of(listed("srv-b", "ns-b", ecs("i-3", "x"))),
                "ns-c", List.of()),
            List.of(),
            List.of());

    SweepResult result = finder.find(inventory);

    assertEquals(3, result.namespaces().size());
    assertEquals("0.80", result.totalMonthlyCostUsd().toPlainString()); // 0.20 + 0.60 + 0.00
  }

  @Test
  void noOrphans_totalIsZero() {
    SweepResult result = finder.find(inventory(List.of(), Map.of(), List.of(), List.of()));

    assertTrue(result.complete());
    assertEquals(0, result.totalMonthlyCostUsd().signum());
  }

  // ---- what the sweep did not see is not judged -----------------------------------------------

  @Test
  void ecsNotFullyListed_isIncompleteAndJudgesNothing() {
    Inventory inventory =
        new Inventory(
            ACCOUNT,
            REGION,
            List.of(http("ns-shop", "shop")),
            Map.of("ns-shop", List.of(listed("srv-cart", "ns-shop", ecs("i-1", "old")))),
            List.of(cluster("prod", "ACTIVE", null)),
            List.of(),
            false,
            List.of("ListServices/DescribeServices prod: AccessDeniedException (HTTP 400)"));

    SweepResult result = finder.find(inventory);

    assertFalse(result.complete());
    assertEquals(List.of(), result.orphans());
    assertEquals(inventory.skipped(), result.skipped());
  }

  @Test
  void ecsNotFullyListed_isIncompleteEvenWithNothingSkipped() {
    Inventory inventory =
        new Inventory(
            ACCOUNT,
            REGION,
            List.of(http("ns-shop", "shop")),
            Map.of("ns-shop", List.of()),
            List.of(),
            List.of(),
            false,
            List.of());

    SweepResult result = finder.find(inventory);

    assertFalse(result.complete());
    assertEquals(List.of(), result.orphans());
  }

  @Test
  void namespaceWhoseServicesWereNotListed_isNotJudged_andTheSweepIsIncomplete() {
    String why = "ListServices ns-b: AccessDeniedException (HTTP 400)";
    Inventory inventory =
        new Inventory(
            ACCOUNT,
            REGION,
            List.of(http("ns-a", "a"), http("ns-b", "b")),
            Map.of("ns-a", List.of()), // ns-b is missing: it could not be listed
            List.of(),
            List.of(),
            true,
            List.of(why));

    SweepResult result = finder.find(inventory);

    assertEquals(List.of(nsArn(ACCOUNT, "ns-a")), arns(result));
    assertFalse(result.complete());
    assertEquals(List.of(why), result.skipped());
  }

  @ParameterizedTest(name = "instanceCount {0}")
  @MethodSource("unknownCounts")
  void instancesNotListed_namespaceNotJudged_andTheSweepIsIncomplete(Integer count) {
    SweepResult result =
        finder.find(shop(List.of(), List.of(), unlisted("srv-cart", "ns-shop", count)));

    assertEquals(List.of(), result.orphans());
    assertFalse(result.complete());
    assertEquals(
        List.of("instances of Cloud Map service srv-cart not listed: not judged"),
        result.skipped());
  }

  static Stream<Integer> unknownCounts() {
    return Stream.of(null, 1, 5);
  }

  @Test
  void instancesNotListed_inANamespaceInUse_onlyThatServiceIsUnjudged() {
    Inventory inventory =
        inventory(
            List.of(http("ns-shop", "shop")),
            Map.of(
                "ns-shop",
                List.of(
                    unlisted("srv-cart", "ns-shop", 3),
                    listed("srv-gone", "ns-shop", ecs("i", "x")))),
            List.of(cluster("prod", "ACTIVE", NS_ARN)),
            List.of());

    SweepResult result = finder.find(inventory);

    assertEquals(List.of(svcArn("srv-gone")), arns(result));
    assertFalse(result.complete());
    assertEquals(1, result.skipped().size());
  }

  @Test
  void instancesNotListed_inAServiceAnEcsServiceUses_needNotBeListed() {
    // The gateway lists no instances where an ECS service explains the Cloud Map service.
    SweepResult result =
        finder.find(
            shop(
                List.of(),
                List.of(service(List.of(), List.of(SVC_ARN))),
                unlisted("srv-cart", "ns-shop", 12)));

    assertEquals(List.of(), result.orphans());
    assertTrue(result.complete(), result.skipped().toString());
  }

  @Test
  void manyNamespacesAndInstances_eachJudgedOnItsOwn() {
    List<CloudMapNamespace> namespaces = new ArrayList<>();
    Map<String, List<CloudMapService>> services = new HashMap<>();
    IntStream.range(0, 50)
        .forEach(
            i -> {
              String id = "ns-" + i;
              namespaces.add(http(id, "team" + i));
              CloudMapInstance[] instances =
                  IntStream.range(0, 120)
                      .mapToObj(n -> ecs("i-" + n, i % 2 == 0 ? "gone" : "prod"))
                      .toArray(CloudMapInstance[]::new);
              services.put(id, List.of(listed("srv-" + i + "x", id, instances)));
            });

    SweepResult result =
        finder.find(
            inventory(namespaces, services, List.of(cluster("prod", "ACTIVE", null)), List.of()));

    assertEquals(25, result.orphans().size());
    assertTrue(result.orphans().stream().allMatch(o -> o.instances() == 120));
    assertEquals("300.00", result.totalMonthlyCostUsd().toPlainString()); // 25 * 120 * 0.10
  }
}
