package dev.ecsguardrail.aws;

import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.flow.InventorySource;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.FilterCondition;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilter;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.ServiceSummary;

/**
 * Lists what the orphan check joins: every cluster and service in ECS, every namespace with its
 * Cloud Map services, and the instances of the services no ECS service explains; a full sweep also
 * reads each service's task definition once per revision, for the standing findings. Pages are
 * followed to the end, batches are full (100 clusters, 10 services per describe), and work per
 * cluster and per namespace runs on a few threads, so a large fleet stays inside the APIs' rate
 * limits (the clients retry throttling adaptively). What cannot be read (access denied, throttled
 * past the retries, time up) is named in {@link Inventory#skipped()}, never counted as empty.
 */
public final class InventoryGateway implements InventorySource {

  /** Parallel calls; Cloud Map and ECS list APIs have rate limits of a few dozen per second. */
  static final int CONCURRENCY = 4;

  private final EcsClient ecs;
  private final EcsGateway ecsGateway;
  private final ServiceDiscoveryClient cloudMap;
  private final Supplier<AlarmGateway> alarms;
  private final Clock clock;
  // A revision never changes: read once per execution environment, not once per sweep.
  private final Map<String, TaskDefinitionView> revisions = new ConcurrentHashMap<>();

  /**
   * @param alarms where a full sweep reads the guardrail's alarms; {@code null}: not read
   */
  public InventoryGateway(
      EcsClient ecs, ServiceDiscoveryClient cloudMap, Supplier<AlarmGateway> alarms, Clock clock) {
    this.ecs = ecs;
    this.ecsGateway = new EcsGateway(ecs);
    this.cloudMap = cloudMap;
    this.alarms = alarms;
    this.clock = clock;
  }

  public InventoryGateway(EcsClient ecs, ServiceDiscoveryClient cloudMap, Clock clock) {
    this(ecs, cloudMap, null, clock);
  }

  /** The CloudWatch client is built only when a full sweep first reads alarms. */
  public static InventoryGateway of(AwsClients clients) {
    return new InventoryGateway(
        clients.ecs(),
        clients.cloudMap(),
        () -> new AlarmGateway(clients.cloudWatch()),
        Clock.systemUTC());
  }

  @Override
  public Inventory sweep(String account, String region, Instant deadline) {
    Run run = new Run(deadline, true);
    List<CloudMapNamespace> namespaces = run.read("ListNamespaces", this::namespaces, List.of());
    Map<String, SidecarAlarm> ownAlarms =
        alarms == null ? null : run.read("DescribeAlarms", () -> alarms.get().alarms(), null);
    return run.inventory(account, region, namespaces, ownAlarms);
  }

  @Override
  public Inventory services(String account, String region, Instant deadline) {
    return new Run(deadline, true).inventory(account, region, List.of(), null);
  }

  @Override
  public Optional<Inventory> sweepNamespace(
      String account, String region, String namespaceArn, Instant deadline) {
    Run run = new Run(deadline, false);
    Optional<CloudMapNamespace> ns = run.read("GetNamespace", () -> namespace(namespaceArn), null);
    if (ns == null) {
      return Optional.of(run.inventory(account, region, List.of(), null));
    }
    return ns.map(n -> run.inventory(account, region, List.of(n), null));
  }

  @Override
  public Optional<String> namespaceArn(String reference, String clusterName) {
    if (reference != null && reference.startsWith("arn:")) {
      return Optional.of(reference);
    }
    // A name (some emulators echo the name), or none: then ECS's own namespace for the cluster.
    return namespaces().stream()
        .filter(n -> n.name().equals(reference == null ? clusterName : reference))
        .filter(n -> reference != null || "true".equals(readTags(n.arn()).get("AmazonECSManaged")))
        .map(CloudMapNamespace::arn)
        .findFirst();
  }

  @Override
  public Optional<Map<String, String>> tags(String namespaceArn) {
    try {
      return Optional.of(readTags(namespaceArn));
    } catch (SdkException e) {
      // Unreadable tags exempt nothing: the finding is reported, never hidden by a failed read.
      return Optional.empty();
    }
  }

  /** One sweep's state: what it skipped, and the deadline it works to. */
  private final class Run {
    private final Instant deadline;
    private final boolean withTaskDefinitions;
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean ecsComplete = true;

    /**
     * @param withTaskDefinitions read what the service rules need too (a full sweep, not the check
     *     of one namespace)
     */
    Run(Instant deadline, boolean withTaskDefinitions) {
      this.deadline = deadline;
      this.withTaskDefinitions = withTaskDefinitions;
    }

    Inventory inventory(
        String account,
        String region,
        List<CloudMapNamespace> namespaces,
        Map<String, SidecarAlarm> alarms) {
      List<EcsCluster> clusters = read("ListClusters", InventoryGateway.this::clusters, null);
      List<EcsService> services = new ArrayList<>();
      if (clusters == null) {
        ecsComplete = false;
        clusters = List.of();
      } else {
        List<EcsCluster> active = clusters.stream().filter(EcsCluster::active).toList();
        for (List<EcsService> s : parallel(active, c -> ecsServices(c.arn()))) {
          if (s == null) {
            ecsComplete = false;
          } else {
            services.addAll(s);
          }
        }
      }
      Map<String, List<CloudMapService>> byNamespace = cloudMapServices(namespaces);
      Set<String> explained = new HashSet<>();
      services.forEach(s -> explained.addAll(s.cloudMapServices()));
      // One pool over every namespace's services, not one per namespace of one or two services.
      List<CloudMapService> all = byNamespace.values().stream().flatMap(List::stream).toList();
      Map<String, List<CloudMapService>> withInstances = new HashMap<>();
      byNamespace.keySet().forEach(ns -> withInstances.put(ns, new ArrayList<>()));
      parallel(all, s -> withInstances(s, explained))
          .forEach(s -> withInstances.get(s.namespaceId()).add(s));
      return new Inventory(
          account,
          region,
          namespaces,
          withInstances,
          clusters,
          services,
          ecsComplete,
          List.copyOf(skipped),
          withTaskDefinitions ? taskDefinitions(services) : Map.of(),
          alarms);
    }

    /**
     * The task definition of each service (the rules read them, App Mesh's with or without Service
     * Connect), each revision once.
     */
    private Map<String, TaskDefinitionView> taskDefinitions(List<EcsService> services) {
      List<String> references =
          services.stream()
              .map(EcsService::config)
              .filter(c -> c != null && c.taskDefinition() != null)
              .map(ServiceConfig::taskDefinition)
              .distinct()
              .toList();
      List<TaskDefinitionView> read =
          parallel(
              references,
              ref -> read("DescribeTaskDefinition " + ref, () -> taskDefinition(ref), null));
      Map<String, TaskDefinitionView> byReference = new HashMap<>();
      for (int i = 0; i < references.size(); i++) {
        if (read.get(i) != null) {
          byReference.put(references.get(i), read.get(i));
        }
      }
      return byReference;
    }

    private List<EcsService> ecsServices(String clusterArn) {
      return read("ListServices/DescribeServices " + clusterArn, () -> services(clusterArn), null);
    }

    /**
     * The services of each namespace. Cloud Map's summaries do not say which namespace a service is
     * in, so the NAMESPACE_ID filter decides; where a service is listed under more than one
     * namespace (an endpoint that ignores the filter) or only one namespace was asked, GetService
     * confirms it. Nothing is attributed to a namespace on the filter's word alone when it cannot
     * be cross-checked.
     */
    private Map<String, List<CloudMapService>> cloudMapServices(
        List<CloudMapNamespace> namespaces) {
      List<List<ServiceSummary>> listed =
          parallel(
              namespaces, ns -> read("ListServices " + ns.id(), () -> summaries(ns.id()), null));
      Map<String, Integer> claims = new HashMap<>();
      listed.stream()
          .filter(java.util.Objects::nonNull)
          .flatMap(List::stream)
          .forEach(s -> claims.merge(s.id(), 1, Integer::sum));
      List<String> toConfirm =
          claims.keySet().stream()
              .filter(id -> namespaces.size() == 1 || claims.get(id) > 1)
              .sorted()
              .toList();
      Map<String, Optional<String>> confirmed = new HashMap<>();
      List<Optional<String>> homes = parallel(toConfirm, this::namespaceOf);
      for (int i = 0; i < toConfirm.size(); i++) {
        confirmed.put(toConfirm.get(i), homes.get(i));
      }
      Map<String, List<CloudMapService>> result = new LinkedHashMap<>();
      namespaces:
      for (int i = 0; i < namespaces.size(); i++) {
        CloudMapNamespace ns = namespaces.get(i);
        List<ServiceSummary> summaries = listed.get(i);
        if (summaries == null) {
          continue;
        }
        List<CloudMapService> services = new ArrayList<>();
        for (ServiceSummary s : summaries) {
          if (namespaces.size() == 1 || claims.get(s.id()) > 1) {
            Optional<String> home = confirmed.get(s.id());
            if (home.isEmpty()) {
              continue namespaces; // unconfirmed: the namespace cannot be judged (in skipped)
            }
            if (!home.get().equals(ns.id())) {
              continue;
            }
          }
          services.add(
              new CloudMapService(s.id(), s.arn(), s.name(), ns.id(), s.instanceCount(), null));
        }
        result.put(ns.id(), services);
      }
      return result;
    }

    private Optional<String> namespaceOf(String serviceId) {
      return Optional.ofNullable(
          read(
              "GetService " + serviceId,
              () -> cloudMap.getService(r -> r.id(serviceId)).service().namespaceId(),
              null));
    }

    /** Instances matter only where no ECS service explains the Cloud Map service. */
    private CloudMapService withInstances(CloudMapService s, Set<String> explained) {
      if (explained.contains(s.arn()) || (s.instanceCount() != null && s.instanceCount() == 0)) {
        return s;
      }
      List<CloudMapInstance> instances =
          read("ListInstances " + s.id(), () -> instances(s.id()), null);
      return instances == null ? s : s.withInstances(instances);
    }

    /**
     * Runs a read; on failure notes it in {@code skipped} and returns {@code otherwise}. Nothing is
     * read past the deadline.
     */
    <T> T read(String what, Supplier<T> call, T otherwise) {
      if (clock.instant().isAfter(deadline)) {
        skipped.add(what + ": not read, time was up");
        return otherwise;
      }
      try {
        return call.get();
      } catch (SdkException e) {
        skipped.add(what + ": " + reason(e));
        return otherwise;
      }
    }

    /** Each item on a small pool, results in input order; a failed item gives {@code null}. */
    <A, B> List<B> parallel(List<A> items, Function<A, B> work) {
      if (items.size() <= 1) {
        return items.stream().map(work).toList();
      }
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENCY, items.size()));
      try {
        List<Future<B>> futures = new ArrayList<>();
        items.forEach(item -> futures.add(pool.submit(() -> work.apply(item))));
        List<B> results = new ArrayList<>();
        for (Future<B> f : futures) {
          results.add(f.get());
        }
        return results;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("sweep interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("sweep failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private TaskDefinitionView taskDefinition(String reference) {
    TaskDefinitionView cached = revisions.get(reference);
    if (cached != null) {
      return cached;
    }
    TaskDefinitionView td = ecsGateway.taskDefinition(reference);
    if (reference.startsWith("arn:")) {
      revisions.put(reference, td);
    }
    return td;
  }

  private static String reason(SdkException e) {
    if (e instanceof AwsServiceException aws) {
      String code =
          aws.awsErrorDetails() == null
              ? aws.getClass().getSimpleName()
              : aws.awsErrorDetails().errorCode();
      return code
          + " (HTTP "
          + aws.statusCode()
          + (aws.isThrottlingException() ? ", after retries" : "")
          + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private List<CloudMapNamespace> namespaces() {
    List<CloudMapNamespace> namespaces = new ArrayList<>();
    cloudMap.listNamespacesPaginator(r -> r.maxResults(100)).stream()
        .flatMap(page -> page.namespaces().stream())
        .forEach(n -> namespaces.add(namespace(n)));
    return namespaces;
  }

  private Optional<CloudMapNamespace> namespace(String arn) {
    String id = arn.substring(arn.lastIndexOf('/') + 1);
    try {
      var ns = cloudMap.getNamespace(r -> r.id(id)).namespace();
      String zone =
          ns.properties() == null || ns.properties().dnsProperties() == null
              ? null
              : ns.properties().dnsProperties().hostedZoneId();
      return Optional.of(
          new CloudMapNamespace(
              ns.id(),
              ns.arn(),
              ns.name(),
              ns.typeAsString(),
              owner(ns.resourceOwner(), ns.arn()),
              zone,
              null));
    } catch (software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static CloudMapNamespace namespace(NamespaceSummary n) {
    String zone =
        n.properties() == null || n.properties().dnsProperties() == null
            ? null
            : n.properties().dnsProperties().hostedZoneId();
    return new CloudMapNamespace(
        n.id(), n.arn(), n.name(), n.typeAsString(), owner(n.resourceOwner(), n.arn()), zone, null);
  }

  /** {@code ResourceOwner} when the endpoint gives it, else the account in the ARN. */
  private static String owner(String resourceOwner, String arn) {
    return resourceOwner != null ? resourceOwner : CloudMapNamespace.accountOf(arn);
  }

  private Map<String, String> readTags(String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    cloudMap
        .listTagsForResource(r -> r.resourceARN(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private List<ServiceSummary> summaries(String namespaceId) {
    ServiceFilter inNamespace =
        ServiceFilter.builder()
            .name(ServiceFilterName.NAMESPACE_ID)
            .condition(FilterCondition.EQ)
            .values(namespaceId)
            .build();
    List<ServiceSummary> summaries = new ArrayList<>();
    cloudMap.listServicesPaginator(r -> r.filters(inNamespace).maxResults(100)).stream()
        .flatMap(page -> page.services().stream())
        .forEach(summaries::add);
    return summaries;
  }

  private List<CloudMapInstance> instances(String serviceId) {
    List<CloudMapInstance> instances = new ArrayList<>();
    cloudMap.listInstancesPaginator(r -> r.serviceId(serviceId).maxResults(100)).stream()
        .flatMap(page -> page.instances().stream())
        .forEach(
            i ->
                instances.add(
                    new CloudMapInstance(
                        i.id(),
                        i.attributes().get(CloudMapInstance.ECS_CLUSTER_ATTRIBUTE),
                        i.createdByAccount())));
    return instances;
  }

  private List<EcsCluster> clusters() {
    List<String> arns = new ArrayList<>();
    ecs.listClustersPaginator(r -> r.maxResults(100)).clusterArns().forEach(arns::add);
    List<EcsCluster> clusters = new ArrayList<>();
    for (List<String> batch : batches(arns, 100)) {
      var described =
          ecs.describeClusters(
              r -> r.clusters(batch).include(ClusterField.SETTINGS, ClusterField.TAGS));
      unseen(described.failures());
      described.clusters().stream().map(InventoryGateway::cluster).forEach(clusters::add);
    }
    return clusters;
  }

  /**
   * A describe that answered "failure" for anything but MISSING (deleted since it was listed) did
   * not show it: the sweep has not seen everything.
   */
  private static void unseen(List<Failure> failures) {
    List<String> unseen =
        failures.stream()
            .filter(f -> !"MISSING".equals(f.reason()))
            .map(f -> f.arn() + " (" + f.reason() + ")")
            .toList();
    if (!unseen.isEmpty()) {
      throw SdkException.builder().message("not described: " + String.join(", ", unseen)).build();
    }
  }

  private static EcsCluster cluster(Cluster c) {
    String ns = c.serviceConnectDefaults() == null ? null : c.serviceConnectDefaults().namespace();
    return new EcsCluster(
        c.clusterArn(),
        c.clusterName(),
        c.status(),
        ns == null || ns.isBlank() ? null : ns,
        EcsGateway.tags(c.tags()),
        EcsGateway.containerInsights(c));
  }

  private List<EcsService> services(String clusterArn) {
    List<String> arns = new ArrayList<>();
    ecs.listServicesPaginator(r -> r.cluster(clusterArn).maxResults(100))
        .serviceArns()
        .forEach(arns::add);
    List<EcsService> services = new ArrayList<>();
    for (List<String> batch : batches(arns, 10)) {
      var described =
          ecs.describeServices(
              r -> r.cluster(clusterArn).services(batch).include(ServiceField.TAGS));
      unseen(described.failures());
      // INACTIVE is deleted: it uses nothing and needs no alarm (some endpoints still list it).
      described.services().stream()
          .filter(s -> !"INACTIVE".equals(s.status()))
          .map(InventoryGateway::service)
          .forEach(services::add);
    }
    return services;
  }

  private static EcsService service(Service s) {
    Set<String> namespaces = new LinkedHashSet<>();
    Set<String> cloudMapServices = new LinkedHashSet<>();
    s.serviceRegistries().forEach(r -> cloudMapServices.add(r.registryArn()));
    for (Deployment d : s.deployments()) {
      var sc = d.serviceConnectConfiguration();
      if (sc != null && Boolean.TRUE.equals(sc.enabled()) && sc.namespace() != null) {
        namespaces.add(sc.namespace());
      }
      d.serviceConnectResources().forEach(r -> cloudMapServices.add(r.discoveryArn()));
    }
    cloudMapServices.remove(null);
    return new EcsService(
        s.serviceArn(),
        s.clusterArn(),
        List.copyOf(namespaces),
        List.copyOf(cloudMapServices),
        EcsGateway.tags(s.tags()),
        config(s));
  }

  /** Read as the Lambda reads a CreateService response, so the sweep judges what an event would. */
  private static ServiceConfig config(Service s) {
    try {
      return ServiceConfigReader.fromResponse(SdkJson.tree(s), "service " + s.serviceArn());
    } catch (MalformedEventException e) {
      return null;
    }
  }

  private static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      batches.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return batches;
  }
}
