package dev.ecsguardrail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.flow.InventorySource;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code check --inventory FILE}: an account as the sweep would see it, offline. Fields are the
 * inventory records' own ({@code {"account", "region", "clusters": [{"arn", "name", "status",
 * "defaultNamespace", "tags", "containerInsights"}], "services": [{"arn", "clusterArn",
 * "namespaces", "cloudMapServices", "tags"}], "namespaces": [{"id", "arn", "name", "type", "owner",
 * "hostedZoneId", "tags"}], "cloudMapServices": {"ns-id": [{"id", "arn", "name", "namespaceId",
 * "instanceCount", "instances": [{"id", "ecsCluster"}]}]}}}); an unknown field is an error. The
 * file is complete by definition: what it does not list does not exist.
 */
final class FleetFile {

  private record Fleet(
      String account,
      String region,
      List<EcsCluster> clusters,
      List<EcsService> services,
      List<CloudMapNamespace> namespaces,
      Map<String, List<CloudMapService>> cloudMapServices) {}

  private FleetFile() {}

  static Inventory read(JsonNode json) {
    Fleet fleet;
    try {
      fleet = StrictJson.MAPPER.treeToValue(json, Fleet.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedEventException(
          "the --inventory file is not an inventory: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                  .lines()
                  .findFirst()
                  .orElse(""));
    }
    return new Inventory(
        fleet.account(),
        fleet.region(),
        orEmpty(fleet.namespaces()),
        fleet.cloudMapServices() == null ? Map.of() : fleet.cloudMapServices(),
        orEmpty(fleet.clusters()),
        orEmpty(fleet.services()),
        true,
        List.of());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The file as the DeleteCluster check's source. */
  static final class Source implements InventorySource {

    private final Inventory inventory;

    Source(Inventory inventory) {
      this.inventory = inventory;
    }

    @Override
    public Inventory sweep(String account, String region, Instant deadline) {
      return inventory;
    }

    @Override
    public Inventory services(String account, String region, Instant deadline) {
      return inventory;
    }

    @Override
    public Optional<Inventory> sweepNamespace(
        String account, String region, String namespaceArn, Instant deadline) {
      return inventory.namespaces().stream()
          .filter(ns -> ns.arn().equals(namespaceArn))
          .findFirst()
          .map(
              ns ->
                  new Inventory(
                      inventory.account(),
                      inventory.region(),
                      List.of(ns),
                      Map.of(
                          ns.id(), inventory.cloudMapServices().getOrDefault(ns.id(), List.of())),
                      inventory.clusters(),
                      inventory.ecsServices(),
                      true,
                      List.of()));
    }

    @Override
    public Optional<String> namespaceArn(String reference, String clusterName) {
      if (reference != null && reference.startsWith("arn:")) {
        return Optional.of(reference);
      }
      return inventory.namespaces().stream()
          .filter(ns -> ns.name().equals(reference == null ? clusterName : reference))
          .filter(
              ns ->
                  reference != null
                      || (ns.tags() != null && "true".equals(ns.tags().get("AmazonECSManaged"))))
          .map(CloudMapNamespace::arn)
          .findFirst();
    }

    @Override
    public Optional<Map<String, String>> tags(String namespaceArn) {
      return inventory.namespaces().stream()
          .filter(ns -> ns.arn().equals(namespaceArn))
          .findFirst()
          .map(ns -> ns.tags() == null ? Map.of() : ns.tags());
    }
  }
}
