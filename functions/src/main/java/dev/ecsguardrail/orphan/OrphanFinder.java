package dev.ecsguardrail.orphan;

import dev.ecsguardrail.cost.CloudMapPrice;
import dev.ecsguardrail.model.Orphan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joins namespaces to clusters and services and says what was left behind. Pure.
 *
 * <p>A namespace is an orphan only when this account owns it, no ACTIVE cluster names it as its
 * Service Connect default, no service of an ACTIVE cluster uses it (Service Connect, or a Cloud Map
 * service it registers into), and every instance in it was registered by ECS, by this account, for
 * a cluster that is gone: an instance another account registered means the namespace is shared (AWS
 * RAM) and that account's services use it. A Cloud Map service in a namespace still in use is an
 * orphan on the same terms. What could not be listed is never judged.
 */
public final class OrphanFinder {

  private final CloudMapPrice price;

  public OrphanFinder(CloudMapPrice price) {
    this.price = price;
  }

  public SweepResult find(Inventory inventory) {
    List<String> skipped = new ArrayList<>(inventory.skipped());
    if (!inventory.ecsComplete()) {
      // A service the sweep did not see may use any namespace: judge none.
      return new SweepResult(inventory.account(), inventory.region(), false, skipped, List.of());
    }
    Usage usage = new Usage(inventory);
    List<Orphan> orphans = new ArrayList<>();
    for (CloudMapNamespace ns : inventory.namespaces()) {
      List<CloudMapService> services = inventory.cloudMapServices().get(ns.id());
      if (services == null || !inventory.account().equals(ns.owner())) {
        continue; // not listed (already in skipped), or another account's (shared through RAM)
      }
      if (usage.uses(ns, services)) {
        services.stream()
            .filter(s -> usage.leftBehind(s, skipped))
            .map(s -> cloudMapServiceOrphan(ns, s))
            .forEach(orphans::add);
      } else if (services.stream().allMatch(s -> usage.leftBehind(s, skipped))) {
        orphans.add(namespaceOrphan(ns, services));
      }
    }
    return new SweepResult(
        inventory.account(), inventory.region(), skipped.isEmpty(), skipped, orphans);
  }

  private Orphan namespaceOrphan(CloudMapNamespace ns, List<CloudMapService> services) {
    int instances = services.stream().mapToInt(CloudMapService::knownInstances).sum();
    List<String> cleanup = new ArrayList<>();
    services.forEach(s -> cleanup.addAll(serviceCleanup(s)));
    cleanup.add("aws servicediscovery delete-namespace --id " + ns.id());
    String reason =
        "no ACTIVE cluster has it as its Service Connect default and no ECS service uses it"
            + (instances == 0 ? "" : "; its instances were registered for clusters that are gone")
            + (ns.hasHostedZone()
                ? "; deleting the namespace deletes its Route 53 hosted zone " + ns.hostedZoneId()
                : "");
    return new Orphan(
        Orphan.NAMESPACE,
        ns.arn(),
        ns.name(),
        ns.describeType(),
        services.size(),
        instances,
        price.namespaceMonthly(ns.hasHostedZone(), instances),
        reason,
        cleanup);
  }

  private Orphan cloudMapServiceOrphan(CloudMapNamespace ns, CloudMapService s) {
    return new Orphan(
        Orphan.CLOUD_MAP_SERVICE,
        s.arn(),
        ns.name() + "/" + s.name(),
        ns.describeType(),
        1,
        s.knownInstances(),
        price.namespaceMonthly(false, s.knownInstances()),
        "no ECS service registers into it; the namespace " + ns.name() + " is still in use",
        serviceCleanup(s));
  }

  private static List<String> serviceCleanup(CloudMapService s) {
    List<String> commands = new ArrayList<>();
    if (s.instances() != null) {
      s.instances()
          .forEach(
              i ->
                  commands.add(
                      "aws servicediscovery deregister-instance --service-id "
                          + s.id()
                          + " --instance-id "
                          + i.id()));
    }
    commands.add("aws servicediscovery delete-service --id " + s.id());
    return commands;
  }

  /** What the ACTIVE clusters and their services use. */
  private static final class Usage {
    private final Set<String> namespaceRefs = new HashSet<>();
    private final Set<String> cloudMapServiceArns = new HashSet<>();
    private final Set<String> activeClusters;
    private final String account;

    Usage(Inventory inventory) {
      account = inventory.account();
      activeClusters =
          inventory.clusters().stream()
              .filter(EcsCluster::active)
              .map(EcsCluster::name)
              .collect(Collectors.toSet());
      inventory.clusters().stream()
          .filter(c -> c.active() && c.defaultNamespace() != null)
          .forEach(c -> namespaceRefs.add(c.defaultNamespace()));
      for (EcsService s : inventory.ecsServices()) {
        namespaceRefs.addAll(s.namespaces());
        cloudMapServiceArns.addAll(s.cloudMapServices());
      }
    }

    /** Named by ARN or (as a cluster default or Service Connect namespace) by name, or used. */
    boolean uses(CloudMapNamespace ns, List<CloudMapService> services) {
      return namespaceRefs.contains(ns.arn())
          || namespaceRefs.contains(ns.name())
          || services.stream().anyMatch(s -> cloudMapServiceArns.contains(s.arn()));
    }

    /**
     * No ECS service registers into it and every instance in it is ECS's, for a cluster that is
     * gone. Instances not listed make it unjudgeable (noted in {@code skipped}).
     */
    boolean leftBehind(CloudMapService s, List<String> skipped) {
      if (cloudMapServiceArns.contains(s.arn())) {
        return false;
      }
      if (s.instances() == null) {
        if (s.instanceCount() != null && s.instanceCount() == 0) {
          return true;
        }
        if (!skipped.contains(unlisted(s))) {
          skipped.add(unlisted(s));
        }
        return false;
      }
      return s.instances().stream()
          .allMatch(
              i ->
                  i.registeredByEcs()
                      && !i.registeredByAnotherAccount(account)
                      && !activeClusters.contains(i.ecsCluster()));
    }

    private static String unlisted(CloudMapService s) {
      return "instances of Cloud Map service " + s.id() + " not listed: not judged";
    }
  }
}
