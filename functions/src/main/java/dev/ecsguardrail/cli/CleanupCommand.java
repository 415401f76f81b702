package dev.ecsguardrail.cli;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.CloudMapCleaner;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cleanup --namespace ARN [--yes]}: re-checks that the namespace is still an orphan, prints
 * what it would delete (instances, services, the namespace) and deletes only with {@code --yes}.
 * Never what another account owns, what is in use, or what a sweep could not fully see. Exit 0
 * planned or deleted, 1 refused (not an orphan), 2 could not check or delete.
 */
final class CleanupCommand implements Command {

  static final String HELP = HelpText.of("cleanup");

  private static final Arguments.Spec SPEC =
      new Arguments.Spec(Set.of("--namespace"), Set.of("--yes"));

  private static final Duration BUDGET = Duration.ofMinutes(5);

  private final PrintStream out;
  private final PrintStream err;

  CleanupCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Arguments.Spec spec() {
    return SPEC;
  }

  @Override
  public String help() {
    return HELP;
  }

  @Override
  public int run(Arguments args) {
    String arn = args.required("--namespace");
    boolean yes = args.has("--yes");
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[5].startsWith("namespace/")) {
      throw new Main.UsageException(
          "--namespace takes a namespace ARN (arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ns-...),"
              + " not '"
              + arn
              + "'");
    }
    String region = parts[3];
    AwsClients clients = AwsClients.forCommandLine(region);
    String account = clients.account();
    Optional<Inventory> inventory =
        InventoryGateway.of(clients)
            .sweepNamespace(account, region, arn, Instant.now().plus(BUDGET));
    if (inventory.isEmpty()) {
      err.println("ecs-guardrail: namespace " + arn + " does not exist: nothing to clean up");
      return Main.UNEVALUABLE;
    }
    List<CloudMapNamespace> found = inventory.get().namespaces();
    if (!found.isEmpty() && !found.getFirst().arn().equals(arn)) {
      // Looked up by its id: the ARN's account or Region is not the one the credentials reach.
      err.println(
          "ecs-guardrail: "
              + arn
              + " is not what these credentials reach (its id is "
              + found.getFirst().arn()
              + "): nothing deleted; check the account and Region");
      return Main.UNEVALUABLE;
    }
    SweepResult sweep =
        new OrphanFinder(PriceTable.bundled().cloudMap(region)).find(inventory.get());
    if (!sweep.complete()) {
      err.println(
          "ecs-guardrail: cannot confirm it is an orphan, so nothing is deleted: "
              + String.join("; ", sweep.skipped()));
      return Main.UNEVALUABLE;
    }
    Optional<Orphan> orphan =
        sweep.namespaces().stream().filter(o -> o.arn().equals(arn)).findFirst();
    CloudMapNamespace ns = inventory.get().namespaces().getFirst();
    if (orphan.isEmpty()) {
      err.println(
          "ecs-guardrail: refused: "
              + (account.equals(ns.owner())
                  ? ns.name() + " is in use (a cluster default, a service, or instances of others)"
                  : ns.name() + " belongs to account " + ns.owner() + " (shared through AWS RAM)"));
      return Main.FINDINGS;
    }
    out.println(
        (yes ? "Deleting" : "Would delete")
            + " "
            + ns.name()
            + " ("
            + orphan.get().namespaceType()
            + "), $"
            + orphan.get().monthlyCostUsd().toPlainString()
            + " per month:");
    orphan.get().cleanup().forEach(c -> out.println("  " + c));
    if (!yes) {
      out.println("Nothing deleted: run again with --yes to delete.");
      return Main.OK;
    }
    delete(
        new CloudMapCleaner(clients.cloudMap()),
        ns,
        inventory.get().cloudMapServices().get(ns.id()));
    out.println("Deleted " + ns.name() + ".");
    return Main.OK;
  }

  /** In the order the plan prints: each service emptied, then deleted, then the namespace. */
  private void delete(
      CloudMapCleaner cleaner, CloudMapNamespace ns, List<CloudMapService> services) {
    for (CloudMapService s : services) {
      for (CloudMapInstance i :
          s.instances() == null ? List.<CloudMapInstance>of() : s.instances()) {
        cleaner.deregisterInstance(s.id(), i.id());
        out.println("  deregistered " + i.id() + " from " + s.id());
      }
      cleaner.deleteService(s.id());
      out.println("  deleted service " + s.id());
    }
    cleaner.deleteNamespace(ns.id());
  }
}
