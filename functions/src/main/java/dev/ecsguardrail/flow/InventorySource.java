package dev.ecsguardrail.flow;

import dev.ecsguardrail.orphan.Inventory;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Where inventories come from (the AWS APIs, through {@code InventoryGateway}). */
public interface InventorySource {

  /** Everything in the account and Region; what could not be read by the deadline is skipped. */
  Inventory sweep(String account, String region, Instant deadline);

  /**
   * ECS alone: every ACTIVE cluster's services with their task definitions, no Cloud Map (the
   * proxy-memory alarms' reconcile).
   */
  Inventory services(String account, String region, Instant deadline);

  /**
   * The same with one namespace: all of ECS, the one namespace's Cloud Map services and instances.
   *
   * @return empty when the namespace no longer exists
   */
  Optional<Inventory> sweepNamespace(
      String account, String region, String namespaceArn, Instant deadline);

  /**
   * The ARN of the namespace a cluster named as its default.
   *
   * @param reference an ARN (returned as it is), a name, or {@code null}: then the namespace ECS
   *     created for the cluster (named like it, tagged {@code AmazonECSManaged=true})
   * @return empty when there is none
   */
  Optional<String> namespaceArn(String reference, String clusterName);

  /**
   * A Cloud Map namespace's tags (exemptions from NS001 are read from them).
   *
   * @return empty when they cannot be read
   */
  Optional<Map<String, String>> tags(String namespaceArn);
}
