package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.orphan.CloudMapInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;

/**
 * What a deleted cluster leaves in Cloud Map, seeded with the SDK: namespaces (moto creates none
 * for a cluster: the tests do), Cloud Map services, instances as ECS registers them for a cluster's
 * tasks, and clusters naming a namespace as their Service Connect default. Also the sample
 * DeleteCluster event, pointed at what was seeded.
 */
final class CloudMapSeed {

  /** The cluster {@link #legacy} seeds and deletes, and its namespace's name. */
  static final String LEGACY = Fleet.PREFIX + "legacy";

  static final Path LEFT_NAMESPACE =
      Project.EVENTS.resolve("cluster/delete-cluster-left-namespace.json");

  /** The deleted cluster and what it left behind. */
  record Legacy(String clusterArn, String namespaceArn, String namespaceId, String serviceArn) {
    /** The Cloud Map service's id (the last part of its ARN). */
    String serviceId() {
      return idOf(serviceArn);
    }
  }

  record Cms(String id, String arn) {}

  record Namespace(String id, String arn) {}

  private final EcsClient ecs;
  private final ServiceDiscoveryClient cloudMap;

  CloudMapSeed(AwsClients clients) {
    this.ecs = clients.ecs();
    this.cloudMap = clients.cloudMap();
  }

  /**
   * Cluster {@link #LEGACY} had the HTTP namespace {@link #LEGACY} as its Service Connect default,
   * with a Cloud Map service holding 2 instances ECS registered for it; the cluster is deleted.
   */
  Legacy legacy() {
    Namespace namespace = httpNamespace(LEGACY);
    String clusterArn = cluster(LEGACY, namespace.arn());
    Cms service = cloudMapService(namespace.id(), Fleet.PREFIX + "legacy-web");
    register(service.id(), 2, LEGACY);
    ecs.deleteCluster(r -> r.cluster(clusterArn));
    return new Legacy(clusterArn, namespace.arn(), namespace.id(), service.arn());
  }

  /**
   * An ACTIVE cluster, naming {@code defaultNamespace} (or none) as its Service Connect default.
   */
  String cluster(String name, String defaultNamespace) {
    return ecs.createCluster(
            r -> {
              r.clusterName(name);
              if (defaultNamespace != null) {
                r.serviceConnectDefaults(d -> d.namespace(defaultNamespace));
              }
            })
        .cluster()
        .clusterArn();
  }

  /** Creates the namespace and waits for the operation (moto: done at once). */
  Namespace httpNamespace(String name) {
    String operationId = cloudMap.createHttpNamespace(r -> r.name(name)).operationId();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      var operation = cloudMap.getOperation(r -> r.operationId(operationId)).operation();
      if (operation.status() == OperationStatus.SUCCESS) {
        String id = operation.targets().get(OperationTargetType.NAMESPACE);
        return new Namespace(id, cloudMap.getNamespace(r -> r.id(id)).namespace().arn());
      }
      if (operation.status() == OperationStatus.FAIL || System.nanoTime() > deadline) {
        throw new IllegalStateException("namespace " + name + ": " + operation);
      }
      sleep(500);
    }
  }

  Cms cloudMapService(String namespaceId, String name) {
    var service = cloudMap.createService(r -> r.name(name).namespaceId(namespaceId)).service();
    return new Cms(service.id(), service.arn());
  }

  /** {@code count} instances ({@code task-1}, ...) as ECS registers them for tasks of a cluster. */
  void register(String serviceId, int count, String cluster) {
    IntStream.rangeClosed(1, count)
        .forEach(
            i ->
                cloudMap.registerInstance(
                    r ->
                        r.serviceId(serviceId)
                            .instanceId("task-" + i)
                            .attributes(
                                Map.of(
                                    CloudMapInstance.ECS_CLUSTER_ATTRIBUTE,
                                    cluster,
                                    "AWS_INSTANCE_IPV4",
                                    "10.2.0." + i))));
  }

  static String idOf(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** The sample DeleteCluster event, about the legacy cluster of this fleet. */
  static String deletionEvent(Fleet fleet, Legacy legacy, String eventId) {
    ObjectNode event;
    try {
      event = (ObjectNode) StrictJson.parse(Files.readAllBytes(LEFT_NAMESPACE), "sample event");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    event.put("account", fleet.account).put("region", Emulator.REGION);
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail
        .put("eventID", eventId)
        .put("recipientAccountId", fleet.account)
        .put("awsRegion", Emulator.REGION);
    ((ObjectNode) detail.get("requestParameters")).put("cluster", LEGACY);
    ObjectNode cluster = (ObjectNode) detail.get("responseElements").get("cluster");
    cluster.put("clusterArn", legacy.clusterArn()).put("clusterName", LEGACY);
    ((ObjectNode) cluster.get("serviceConnectDefaults")).put("namespace", legacy.namespaceArn());
    return event.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
