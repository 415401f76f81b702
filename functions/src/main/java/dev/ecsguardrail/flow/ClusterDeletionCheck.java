package dev.ecsguardrail.flow;

import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a DeleteCluster: is the cluster's Service Connect namespace left behind? The same code for
 * the delayed re-check in Lambda and {@code bin/ecs-guardrail check --event}.
 */
public final class ClusterDeletionCheck {

  /** What the check concluded. */
  public enum Status {
    /** The call failed, or the cluster had no namespace, or it is gone already. */
    NOTHING_TO_DO,
    /** Something still uses the namespace (or another account owns it). */
    IN_USE,
    ORPHAN,
    /** The sweep could not see everything: no conclusion (retry). */
    INCOMPLETE
  }

  /**
   * @param namespaceArn the namespace checked; {@code null} when there was none to check
   * @param orphan set when {@code status} is {@code ORPHAN}
   * @param sweep the sweep behind the conclusion; {@code null} when none ran
   * @param namespaceTags the orphan's tags (its exemptions); {@code null} when not read or
   *     unreadable
   */
  public record Outcome(
      Status status,
      String detail,
      String namespaceArn,
      Orphan orphan,
      SweepResult sweep,
      Map<String, String> namespaceTags) {

    /**
     * The outcome in the one schema: NS001 when something was left behind, EV001 when the check
     * could not see everything (never "nothing left behind").
     */
    public Evaluation evaluation(ClusterDeletion deletion) {
      Call call =
          new Call(
              "DeleteCluster",
              deletion.eventTime(),
              deletion.account(),
              deletion.region(),
              deletion.caller(),
              deletion.clusterName());
      return switch (status) {
        case ORPHAN ->
            new Evaluation(
                deletion.eventId(),
                OrphanNotifications.ORPHAN,
                true,
                null,
                List.of(OrphanedNamespaceRule.evaluate(orphan, deletion.clusterName())),
                call,
                null);
        case INCOMPLETE ->
            new Evaluation(
                deletion.eventId(),
                OrphanNotifications.ORPHAN,
                false,
                detail,
                List.of(UnevaluableEventRule.finding(deletion.eventId(), detail)),
                call,
                null);
        case NOTHING_TO_DO, IN_USE ->
            new Evaluation(
                deletion.eventId(),
                OrphanNotifications.ORPHAN,
                true,
                detail,
                List.of(),
                call,
                null);
      };
    }

    /** The tags exemptions are read from. */
    public ResourceTags tags() {
      return ResourceTags.ofNamespace(namespaceTags);
    }
  }

  private final InventorySource inventories;
  private final OrphanFinder finder;

  public ClusterDeletionCheck(InventorySource inventories, OrphanFinder finder) {
    this.inventories = inventories;
    this.finder = finder;
  }

  public Outcome check(ClusterDeletion deletion, Instant deadline) {
    if (deletion.failed()) {
      return nothing("DeleteCluster failed (" + deletion.errorCode() + "): nothing was deleted");
    }
    Optional<String> arn = inventories.namespaceArn(deletion.namespace(), deletion.clusterName());
    if (arn.isEmpty()) {
      return nothing(
          deletion.namespace() == null
              ? "cluster " + deletion.clusterName() + " had no Service Connect namespace"
              : "namespace " + deletion.namespace() + " no longer exists");
    }
    Optional<Inventory> inventory =
        inventories.sweepNamespace(deletion.account(), deletion.region(), arn.get(), deadline);
    if (inventory.isEmpty()) {
      return nothing("namespace " + arn.get() + " was deleted already");
    }
    SweepResult sweep = finder.find(inventory.get());
    if (!sweep.complete()) {
      return new Outcome(
          Status.INCOMPLETE,
          "could not see everything: " + String.join("; ", sweep.skipped()),
          arn.get(),
          null,
          sweep,
          null);
    }
    return sweep.namespaces().stream()
        .filter(o -> o.arn().equals(arn.get()))
        .findFirst()
        .map(
            o ->
                new Outcome(
                    Status.ORPHAN,
                    o.reason(),
                    arn.get(),
                    o,
                    sweep,
                    inventories.tags(o.arn()).orElse(null)))
        .orElseGet(
            () ->
                new Outcome(
                    Status.IN_USE,
                    "namespace "
                        + arn.get()
                        + " is still in use (a cluster, a service or instances of others), or"
                        + " another account owns it",
                    arn.get(),
                    null,
                    sweep,
                    null));
  }

  private static Outcome nothing(String why) {
    return new Outcome(Status.NOTHING_TO_DO, why, null, null, null, null);
  }
}
