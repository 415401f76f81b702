package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.aws.SecurityHubGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.securityhub.HubAccount;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.ServiceRegistry;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * Seeds a large fleet into moto (namespaces, clusters, ECS services, one Cloud Map service per
 * namespace, instances, some deleted clusters), then times the weekly sweep as the digest runs it
 * ({@code InventoryGateway.sweep}, then {@code SweepCheck.judge}: the orphans and the service rules
 * re-run on every service, the standing findings) three times: wall time, peak heap, and the API
 * calls by operation against the fewest the APIs' page and batch sizes allow. Each run has a new
 * gateway, as a digest's execution environment does (the gateway keeps the task definition
 * revisions it read). A program, not a test: the numbers are quoted, never asserted. Run:
 * bench/sweep [NAMESPACES] [CLUSTERS] [SERVICES].
 */
public final class SweepBenchmark {

  private static final int RUNS = 3;
  private static final int SEED_THREADS = 16;
  private static final String TASK_FAMILY = "bench-app";
  private static final Path REPORT = Project.ROOT.resolve("tests/target/sweep-benchmark.json");

  private SweepBenchmark() {}

  /** The seeded fleet as the benchmark planned it: the ground truth the minimum is counted on. */
  static final class Plan {
    final int namespaces;
    final int clusters;
    final int services;
    final boolean[] deleted;
    final boolean[] hasDefault;
    final List<Integer> active = new ArrayList<>();
    final int[] serviceCluster;
    final int[] serviceRegistry; // namespace index, or -1
    final int[] servicesPerCluster;
    final boolean[] explained; // some ECS service of an ACTIVE cluster registers into it
    final List<List<String>> instances = new ArrayList<>(); // ECS_CLUSTER_NAME per instance
    final int registryNamespaces;

    Plan(int namespaces, int clusters, int services) {
      this.namespaces = namespaces;
      this.clusters = clusters;
      this.services = services;
      deleted = new boolean[clusters];
      hasDefault = new boolean[clusters];
      // About 5% of the clusters are deleted (at least one, unless it is the only one).
      int gone = clusters <= 1 ? 0 : Math.max(1, Math.round(clusters * 0.05f));
      for (int i = 0; i < gone; i++) {
        deleted[(int) ((long) i * clusters / gone)] = true;
      }
      for (int k = 0; k < clusters; k++) {
        // Half the clusters (and every deleted one) name their own namespace as their default.
        hasDefault[k] = k < namespaces && (k % 2 == 0 || deleted[k]);
        if (!deleted[k]) {
          active.add(k);
        }
      }
      int firstFree = Math.min(clusters, namespaces);
      int rest = namespaces - firstFree;
      registryNamespaces = (int) Math.ceil(rest * 0.7);
      serviceCluster = new int[services];
      serviceRegistry = new int[services];
      servicesPerCluster = new int[clusters];
      explained = new boolean[namespaces];
      int[] registryCluster = new int[Math.max(1, registryNamespaces)];
      java.util.Arrays.fill(registryCluster, -1);
      for (int j = 0; j < services; j++) {
        int c = active.get(j % active.size());
        serviceCluster[j] = c;
        servicesPerCluster[c]++;
        // One service in five registers into a Cloud Map service (serviceRegistries): moto drops
        // serviceConnectConfiguration, so this is how a namespace is "used" by a service here.
        if (j % 5 == 0 && registryNamespaces > 0) {
          int r = (j / 5) % registryNamespaces;
          serviceRegistry[j] = firstFree + r;
          explained[firstFree + r] = true;
          if (registryCluster[r] < 0) {
            registryCluster[r] = c;
          }
        } else {
          serviceRegistry[j] = -1;
        }
      }
      String goneCluster =
          IntStream.range(0, clusters)
              .filter(k -> deleted[k])
              .mapToObj(SweepBenchmark::clusterName)
              .findFirst()
              .orElse("bench-c-never-existed");
      for (int k = 0; k < namespaces; k++) {
        List<String> ecsClusters = new ArrayList<>();
        if (k < firstFree) {
          // The namespace of cluster k: two tasks' instances of that cluster.
          ecsClusters.add(clusterName(k));
          ecsClusters.add(clusterName(k));
        } else if (k - firstFree < registryNamespaces) {
          int c = registryCluster[k - firstFree];
          if (c >= 0) {
            ecsClusters.add(clusterName(c));
          }
        } else {
          int r = k - firstFree - registryNamespaces;
          switch (r % 4) {
            case 0 -> ecsClusters.add(null); // registered by something other than ECS
            case 1 -> ecsClusters.add(clusterName(active.get(r % active.size())));
            case 2 -> {
              ecsClusters.add(goneCluster);
              ecsClusters.add(goneCluster);
            }
            default -> {} // empty
          }
        }
        instances.add(ecsClusters);
      }
    }

    int activeClusters() {
      return active.size();
    }

    /** By the finder's definition: unused, and every instance ECS's for a cluster that is gone. */
    Set<String> expectedOrphans() {
      Set<String> used = new HashSet<>();
      for (int k = 0; k < clusters; k++) {
        if (hasDefault[k] && !deleted[k]) {
          used.add(namespaceName(k));
        }
      }
      Set<String> activeNames = new HashSet<>();
      active.forEach(k -> activeNames.add(clusterName(k)));
      Set<String> orphans = new TreeSet<>();
      for (int k = 0; k < namespaces; k++) {
        boolean leftBehind =
            !explained[k]
                && instances.get(k).stream().allMatch(c -> c != null && !activeNames.contains(c));
        if (!used.contains(namespaceName(k)) && leftBehind) {
          orphans.add(namespaceName(k));
        }
      }
      return orphans;
    }

    /** The fewest calls a sweep can make, with the APIs' page and batch sizes. */
    Map<String, Long> minimumCalls() {
      Map<String, Long> min = new LinkedHashMap<>();
      min.put("ServiceDiscovery:ListNamespaces", Math.max(1, ceil(namespaces, 100)));
      min.put("Ecs:ListClusters", Math.max(1, ceil(clusters, 100)));
      min.put("Ecs:DescribeClusters", ceil(activeClusters(), 100));
      min.put(
          "Ecs:ListServices",
          active.stream().mapToLong(c -> Math.max(1, ceil(servicesPerCluster[c], 100))).sum());
      min.put(
          "Ecs:DescribeServices",
          active.stream().mapToLong(c -> ceil(servicesPerCluster[c], 10)).sum());
      // One Cloud Map service per namespace: one page each.
      min.put("ServiceDiscovery:ListServices", (long) namespaces);
      long listInstances = 0;
      for (int k = 0; k < namespaces; k++) {
        if (!explained[k] && !instances.get(k).isEmpty()) {
          listInstances += ceil(instances.get(k).size(), 100);
        }
      }
      min.put("ServiceDiscovery:ListInstances", listInstances);
      min.put("ServiceDiscovery:GetService", 0L);
      // The standing findings: each distinct task definition revision the services use, once.
      min.put("Ecs:DescribeTaskDefinition", taskDefinitionRevisions());
      // The guardrail's proxy-memory alarms (none seeded): one page of DescribeAlarms.
      min.put("CloudWatch:DescribeAlarms", 1L);
      return min;
    }

    /** Every seeded service runs revision 1 of {@code bench-app}. */
    long taskDefinitionRevisions() {
      return services > 0 ? 1 : 0;
    }

    long instanceCount() {
      return instances.stream().mapToLong(List::size).sum();
    }
  }

  public static void main(String[] args) throws Exception {
    int namespaces = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int clusters = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int services = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    if (namespaces < 1 || clusters < 1 || services < 0) {
      throw new IllegalArgumentException("usage: bench/sweep [NAMESPACES] [CLUSTERS] [SERVICES]");
    }
    if (!Emulator.isMoto()) {
      // It resets the emulator and seeds thousands of resources: never against an account.
      System.err.println(
          "bench/sweep runs on the embedded moto server only: unset AWS_ENDPOINT_URL");
      System.exit(2);
    }
    URI endpoint = Emulator.endpoint();
    String region = Emulator.REGION;
    Plan plan = new Plan(namespaces, clusters, services);

    long seedStart = System.nanoTime();
    resetMoto(endpoint);
    String account = seed(plan, AwsClients.create(region, endpoint, List.of()));
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    System.out.printf(
        "seeded %d namespaces (1 Cloud Map service each, %d instances), %d clusters (%d deleted),"
            + " %d services in %.1f s on %s%n",
        namespaces,
        plan.instanceCount(),
        clusters,
        clusters - plan.activeClusters(),
        services,
        seedSeconds,
        endpoint);

    CallCounter counter = new CallCounter();
    Timing timing = new Timing();
    AwsClients clients = AwsClients.create(region, endpoint, List.of(counter, timing));
    SweepCheck check =
        new SweepCheck(
            new OrphanFinder(PriceTable.bundled().cloudMap(region)), RuleCatalog.SERVICE_RULES);

    List<Long> wallMs = new ArrayList<>();
    List<Long> sweepMs = new ArrayList<>();
    List<Double> sampledPeakMb = new ArrayList<>();
    List<Double> poolPeakMb = new ArrayList<>();
    List<Map<String, Long>> callsPerRun = new ArrayList<>();
    SweepResult result = null;
    Inventory inventory = null;
    for (int run = 1; run <= RUNS; run++) {
      inventory = null;
      result = null;
      System.gc();
      double baselineMb = usedHeapMb();
      counter.reset();
      timing.reset();
      List<MemoryPoolMXBean> heapPools = heapPools();
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      // A new gateway each run: a digest runs weekly, in a fresh execution environment.
      InventoryGateway gateway = InventoryGateway.of(clients);
      try (HeapSampler sampler = new HeapSampler()) {
        long start = System.nanoTime();
        inventory = gateway.sweep(account, region, Instant.now().plus(Duration.ofMinutes(30)));
        long swept = System.nanoTime();
        result = check.judge(inventory, Policy.DEFAULTS, Instant.now());
        long end = System.nanoTime();
        wallMs.add((end - start) / 1_000_000);
        sweepMs.add((swept - start) / 1_000_000);
        sampledPeakMb.add(sampler.peakMb());
      }
      poolPeakMb.add(
          heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0);
      callsPerRun.add(byOperation(counter.operations()));
      System.out.printf(
          "run %d: %d ms (sweep %d ms, judge %d ms), peak heap %.0f MB sampled (%.0f MB summed"
              + " over pools, %.0f MB before), %d calls, %d orphans, %d standing findings on %d"
              + " services checked, complete=%s%n",
          run,
          wallMs.getLast(),
          sweepMs.getLast(),
          wallMs.getLast() - sweepMs.getLast(),
          sampledPeakMb.getLast(),
          poolPeakMb.getLast(),
          baselineMb,
          counter.operations().size(),
          result.orphans().size(),
          result.findings().size(),
          result.checkedServices(),
          result.complete());
    }

    // SecurityHubFindings=on: the calls a sweep adds, into a Security Hub of a Region of its own
    // (empty before the first pass; the second finds the first's findings and updates them).
    // Signed REST calls, which no SDK interceptor sees: counted by a proxy.
    try (CountingProxy hubCalls = new CountingProxy(endpoint)) {
      String hubRegion = "sa-east-1";
      SecurityHubPublisher hub =
          new SecurityHubPublisher(
              new SecurityHubGateway(
                  AwsClients.create(hubRegion, hubCalls.endpoint(), List.of()).securityHub()),
              new HubAccount(account, hubRegion),
              n -> {
                throw new IllegalStateException(n.subject());
              },
              Clock.systemUTC());
      for (String pass : List.of("first", "second")) {
        hubCalls.reset();
        SecurityHubPublisher.Sync sync = hub.afterSweep(result, inventory, check.ruleIds());
        System.out.printf(
            "MEASURE sweep_security_hub pass=%s findings=%d imported=%d archived=%d failed=%d"
                + " calls=%s%n",
            pass,
            result.findings().size(),
            sync.imported(),
            sync.archived(),
            sync.failed(),
            hubCalls.calls());
      }
    }

    Map<String, Long> calls = callsPerRun.getLast();
    Map<String, Long> min = plan.minimumCalls();
    long totalCalls = calls.values().stream().mapToLong(Long::longValue).sum();
    long getService = calls.getOrDefault("ServiceDiscovery:GetService", 0L);
    long minCalls = min.values().stream().mapToLong(Long::longValue).sum();
    Set<String> expected = plan.expectedOrphans();
    Set<String> found = new TreeSet<>();
    result.namespaces().forEach(o -> found.add(o.name()));
    long serviceOrphans =
        result.orphans().stream().filter(o -> Orphan.CLOUD_MAP_SERVICE.equals(o.kind())).count();

    System.out.println();
    System.out.println("API calls of the last run, by operation (min: the fewest AWS allows)");
    System.out.printf(
        "  %-34s %7s %7s %7s %10s %10s%n",
        "operation", "calls", "min", "extra", "sum_ms", "resp_MB");
    Set<String> operations = new TreeSet<>(calls.keySet());
    operations.addAll(min.keySet());
    List<Map<String, Object>> table = new ArrayList<>();
    for (String op : operations) {
      long n = calls.getOrDefault(op, 0L);
      long m = min.getOrDefault(op, 0L);
      double ms = timing.millis(op);
      double mb = timing.bytes(op) / 1048576.0;
      System.out.printf("  %-34s %7d %7d %+7d %10.0f %10.1f%n", op, n, m, n - m, ms, mb);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("operation", op);
      row.put("calls", n);
      row.put("min_calls", m);
      row.put("sum_call_ms", Math.round(ms));
      row.put("response_mb", round(mb, 2));
      table.add(row);
    }
    System.out.printf(
        "  %-34s %7d %7d %+7d   (sum_ms: call latencies summed; calls overlap)%n",
        "total", totalCalls, minCalls, totalCalls - minCalls);
    System.out.println();
    System.out.println(
        "Notes on moto: it ignores the Cloud Map ListServices NAMESPACE_ID filter (and its"
            + " pagination), so every namespace's listing returns every Cloud Map service; the"
            + " sweep then sees each service claimed by many namespaces and confirms its namespace"
            + " with GetService: "
            + getService
            + " extra calls AWS would not need. moto pages nothing (ListNamespaces, ListClusters,"
            + " ECS ListServices answer in one page), so list calls can come in under the AWS"
            + " minimum; and its ServiceSummary has no InstanceCount, so the sweep also lists the"
            + " instances of empty unexplained Cloud Map services.");
    System.out.printf(
        "calls=%d calls_excluding_GetService=%d min_calls=%d ratio=%.2f"
            + " ratio_excluding_GetService=%.2f%n",
        totalCalls,
        totalCalls - getService,
        minCalls,
        ratio(totalCalls, minCalls),
        ratio(totalCalls - getService, minCalls));
    System.out.printf(
        "orphans: %d namespaces (expected %d%s), %d Cloud Map services; skipped %d; complete=%s%n",
        found.size(),
        expected.size(),
        found.equals(expected) ? ", the same ones" : ", MISMATCH: see the JSON",
        serviceOrphans,
        result.skipped().size(),
        result.complete());
    Map<String, Long> findingsByRule = new TreeMap<>();
    result.findings().forEach(v -> findingsByRule.merge(v.finding().ruleId(), 1L, Long::sum));
    System.out.printf(
        "standing findings: %d %s on %d of %d services checked (%d could not be)%n",
        result.findings().size(),
        findingsByRule,
        result.checkedServices(),
        services,
        result.skipped().stream().filter(k -> k.startsWith("rules not run on ")).count());
    inventory = null;

    long wallMedian = median(wallMs);
    double peakMb = sampledPeakMb.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.printf(
        "RESULT sweep namespaces=%d clusters=%d services=%d orphans=%d standing_findings=%d"
            + " checked_services=%d wall_ms_median=%d peak_heap_mb=%.0f calls=%d min_calls=%d"
            + " ratio=%.2f seed_s=%.1f%n",
        namespaces,
        clusters,
        services,
        result.orphans().size(),
        result.findings().size(),
        result.checkedServices(),
        wallMedian,
        peakMb,
        totalCalls,
        minCalls,
        ratio(totalCalls, minCalls),
        seedSeconds);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("namespaces", namespaces);
    json.put("clusters", clusters);
    json.put("activeClusters", plan.activeClusters());
    json.put("services", services);
    json.put("instances", plan.instanceCount());
    json.put("orphans", result.orphans().size());
    json.put("namespaceOrphans", found.size());
    json.put("cloudMapServiceOrphans", serviceOrphans);
    json.put("expectedNamespaceOrphans", expected.size());
    json.put("orphansAsExpected", found.equals(expected));
    if (!found.equals(expected)) {
      json.put("unexpectedOrphans", difference(found, expected));
      json.put("missedOrphans", difference(expected, found));
    }
    json.put("standingFindings", result.findings().size());
    json.put("standingFindingsByRule", findingsByRule);
    json.put("checkedServices", result.checkedServices());
    json.put("taskDefinitionRevisions", plan.taskDefinitionRevisions());
    json.put("complete", result.complete());
    json.put("skipped", result.skipped().size());
    json.put("runs", RUNS);
    json.put("wall_ms", wallMs);
    json.put("wall_ms_median", wallMedian);
    json.put("sweep_ms", sweepMs);
    json.put("peak_heap_mb", Math.round(peakMb));
    json.put("peak_heap_mb_sampled", sampledPeakMb.stream().map(v -> round(v, 0)).toList());
    json.put("peak_heap_mb_pool_sum", poolPeakMb.stream().map(v -> round(v, 0)).toList());
    json.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
    json.put("calls", totalCalls);
    json.put("calls_excluding_GetService", totalCalls - getService);
    json.put("min_calls", minCalls);
    json.put("ratio", round(ratio(totalCalls, minCalls), 3));
    json.put("ratio_excluding_GetService", round(ratio(totalCalls - getService, minCalls), 3));
    json.put("http_attempts", timing.attempts());
    json.put("seed_s", round(seedSeconds, 1));
    json.put("byOperation", table);
    json.put(
        "notes",
        List.of(
            "moto ignores the Cloud Map ListServices NAMESPACE_ID filter: the sweep confirms each"
                + " service's namespace with GetService, calls AWS would not need",
            "moto does not paginate ListNamespaces, ListClusters, ECS or Cloud Map ListServices",
            "moto's ServiceSummary has no InstanceCount: empty unexplained Cloud Map services get"
                + " a ListInstances call too"));
    Files.createDirectories(REPORT.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.toFile(), json);
    System.out.println("wrote " + Project.ROOT.relativize(REPORT));
  }

  static void resetMoto(URI endpoint) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered HTTP " + response.statusCode());
    }
  }

  /** Seeds the plan; returns the account the emulator uses. */
  static String seed(Plan plan, AwsClients clients) throws Exception {
    ServiceDiscoveryClient cloudMap = clients.cloudMap();
    EcsClient ecs = clients.ecs();
    ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
    try {
      long t = System.nanoTime();
      List<String> namespaceIds =
          parallel(
              pool,
              plan.namespaces,
              k -> {
                String operation =
                    cloudMap.createHttpNamespace(r -> r.name(namespaceName(k))).operationId();
                // moto completes the operation at once; AWS may need a poll or two.
                for (int attempt = 0; ; attempt++) {
                  var op = cloudMap.getOperation(r -> r.operationId(operation)).operation();
                  if ("SUCCESS".equals(op.statusAsString())) {
                    return op.targetsAsStrings().get("NAMESPACE");
                  }
                  if ("FAIL".equals(op.statusAsString()) || attempt > 50) {
                    throw new IllegalStateException("namespace " + k + ": " + op.errorMessage());
                  }
                  sleep(200);
                }
              });
      List<String[]> cloudMapServices =
          parallel(
              pool,
              plan.namespaces,
              k -> {
                var s = cloudMap.createService(r -> r.name("app").namespaceId(namespaceIds.get(k)));
                return new String[] {s.service().id(), s.service().arn()};
              });
      log("namespaces and Cloud Map services", t);

      t = System.nanoTime();
      ecs.registerTaskDefinition(
          r ->
              r.family(TASK_FAMILY)
                  .containerDefinitions(
                      ContainerDefinition.builder()
                          .name("app")
                          .image("public.ecr.aws/nginx/nginx:latest")
                          .memory(512)
                          .essential(true)
                          .build()));
      List<String> clusterArns =
          parallel(
              pool,
              plan.clusters,
              k ->
                  ecs.createCluster(
                          r -> {
                            r.clusterName(clusterName(k));
                            if (plan.hasDefault[k]) {
                              r.serviceConnectDefaults(d -> d.namespace(namespaceName(k)));
                            }
                          })
                      .cluster()
                      .clusterArn());
      parallel(
          pool,
          plan.services,
          j -> {
            CreateServiceRequest.Builder request =
                CreateServiceRequest.builder()
                    .cluster(clusterName(plan.serviceCluster[j]))
                    .serviceName(String.format("bench-s-%05d", j))
                    .taskDefinition(TASK_FAMILY)
                    .desiredCount(0);
            if (plan.serviceRegistry[j] >= 0) {
              request.serviceRegistries(
                  ServiceRegistry.builder()
                      .registryArn(cloudMapServices.get(plan.serviceRegistry[j])[1])
                      .build());
            }
            return ecs.createService(request.build()).service().serviceArn();
          });
      log("clusters and ECS services", t);

      t = System.nanoTime();
      List<int[]> instances = new ArrayList<>();
      for (int k = 0; k < plan.namespaces; k++) {
        for (int i = 0; i < plan.instances.get(k).size(); i++) {
          instances.add(new int[] {k, i});
        }
      }
      parallel(
          pool,
          instances.size(),
          n -> {
            int k = instances.get(n)[0];
            int i = instances.get(n)[1];
            String ecsCluster = plan.instances.get(k).get(i);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("AWS_INSTANCE_IPV4", "10.0." + (n / 250 % 250) + "." + (n % 250 + 1));
            if (ecsCluster != null) {
              attributes.put(CloudMapInstance.ECS_CLUSTER_ATTRIBUTE, ecsCluster);
            }
            return cloudMap
                .registerInstance(
                    r ->
                        r.serviceId(cloudMapServices.get(k)[0])
                            .instanceId(String.format("i-%05d-%d", k, i))
                            .attributes(attributes))
                .operationId();
          });
      // Deleted last: the Cloud Map side still holds what their tasks registered.
      List<Integer> deleted =
          IntStream.range(0, plan.clusters).filter(k -> plan.deleted[k]).boxed().toList();
      parallel(
          pool,
          deleted.size(),
          n -> ecs.deleteCluster(r -> r.cluster(clusterName(deleted.get(n)))).cluster().status());
      log("instances and cluster deletions", t);
      return clusterArns.getFirst().split(":")[4];
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code work(0..count-1)} on the pool, results in order: the benchmarks' seeding. */
  static <R> List<R> parallel(ExecutorService pool, int count, IntFunction<R> work)
      throws InterruptedException {
    List<Future<R>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> work.apply(index)));
    }
    List<R> results = new ArrayList<>();
    try {
      for (Future<R> f : futures) {
        results.add(f.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("seeding failed", e.getCause());
    }
    return results;
  }

  static String namespaceName(int k) {
    return String.format("bench-ns-%05d", k);
  }

  /** Fixed width: moto's ECS ListServices matches a cluster by substring of "name:". */
  static String clusterName(int k) {
    return String.format("bench-c-%05d", k);
  }

  private static Map<String, Long> byOperation(List<String> operations) {
    Map<String, Long> counts = new TreeMap<>();
    operations.forEach(op -> counts.merge(op, 1L, Long::sum));
    return counts;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
        .toList();
  }

  private static double usedHeapMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static long ceil(long items, long perCall) {
    return (items + perCall - 1) / perCall;
  }

  private static double ratio(long calls, long min) {
    return min == 0 ? 0 : (double) calls / min;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).limit(50).toList();
  }

  private static void log(String what, long startNanos) {
    System.out.printf("  seeded %s in %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Used heap, sampled every 5 ms on a daemon thread: the peak of what was live at once. */
  private static final class HeapSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    HeapSampler() {
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("heap-sampler")
              .start(
                  () -> {
                    var memory = ManagementFactory.getMemoryMXBean();
                    while (running.get()) {
                      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    double peakMb() {
      peak.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      return peak.get() / 1048576.0;
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  /** Per operation: summed call latency, HTTP attempts and response bytes. */
  private static final class Timing implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> START =
        new ExecutionAttribute<>("SweepBenchmark.start");
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    private final LongAdder attempts = new LongAdder();

    private static String operation(ExecutionAttributes attributes) {
      return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
          + ":"
          + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      attributes.putAttribute(START, System.nanoTime());
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      attempts.increment();
    }

    @Override
    public void afterTransmission(
        Context.AfterTransmission context, ExecutionAttributes attributes) {
      context
          .httpResponse()
          .firstMatchingHeader("Content-Length")
          .ifPresent(
              length ->
                  bytes
                      .computeIfAbsent(operation(attributes), k -> new LongAdder())
                      .add(Long.parseLong(length.trim())));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      done(attributes);
    }

    @Override
    public void onExecutionFailure(
        Context.FailedExecution context, ExecutionAttributes attributes) {
      done(attributes);
    }

    private void done(ExecutionAttributes attributes) {
      Long start = attributes.getAttribute(START);
      if (start != null) {
        nanos
            .computeIfAbsent(operation(attributes), k -> new LongAdder())
            .add(System.nanoTime() - start);
      }
    }

    double millis(String op) {
      LongAdder n = nanos.get(op);
      return n == null ? 0 : n.sum() / 1e6;
    }

    long bytes(String op) {
      LongAdder n = bytes.get(op);
      return n == null ? 0 : n.sum();
    }

    long attempts() {
      return attempts.sum();
    }

    void reset() {
      nanos.clear();
      bytes.clear();
      attempts.reset();
    }
  }
}
