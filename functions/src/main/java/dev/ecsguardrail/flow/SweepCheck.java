package dev.ecsguardrail.flow;

import dev.ecsguardrail.cost.AlarmPrice;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.ExemptionNote;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.LeftBehindAlarms;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.Rule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges what a sweep saw: what was left behind (in Cloud Map, and alarms of the guardrail's whose
 * service is gone), the exemptions that lapse, the alarms' count and cost, and the fleet's standing
 * findings — the service rules re-run over every service, with the policy and exemptions of the
 * event path, so a call EventBridge never delivered is still caught within a week. The same for the
 * weekly digest and {@code scan}. Pure.
 */
public final class SweepCheck {

  /** Who "made" the calls the sweep re-checks: the guardrail itself, so nothing is enforced. */
  public static final String KIND = "sweep";

  static final Caller SWEEP = new Caller("ecs-guardrail sweep", "ecs-guardrail");

  private final OrphanFinder orphans;
  private final ServiceChangeCheck services;
  private final Set<String> ruleIds;

  public SweepCheck(OrphanFinder orphans, List<Rule> rules) {
    this.orphans = orphans;
    this.services = new ServiceChangeCheck(rules);
    Set<String> ids = new TreeSet<>();
    rules.forEach(r -> ids.add(r.info().id()));
    ids.add(OrphanedNamespaceRule.INFO.id());
    this.ruleIds = Set.copyOf(ids);
  }

  /** The rules a sweep decides on every resource: the service rules, and NS001. */
  public Set<String> ruleIds() {
    return ruleIds;
  }

  /** Without namespace tags: no NS001 exemption can apply. */
  public SweepResult judge(Inventory inventory, Policy policy, Instant now) {
    return judge(inventory, policy, now, arn -> Optional.empty());
  }

  /**
   * @param namespaceTags a Cloud Map namespace's tags by ARN, read only for what was left behind;
   *     empty when they cannot be read (then no exemption applies)
   */
  public SweepResult judge(
      Inventory inventory,
      Policy policy,
      Instant now,
      Function<String, Optional<Map<String, String>>> namespaceTags) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<Verdict> findings = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    int checked = 0;
    // The sweep reports; only a live call is ever enforced (and only by the event path).
    PolicyEngine engine = new PolicyEngine(policy, false);
    InventoryContext context = new InventoryContext(inventory);
    Map<String, EcsCluster> clusters =
        inventory.clusters().stream()
            .collect(Collectors.toMap(EcsCluster::arn, c -> c, (a, b) -> a));
    for (EcsService service : inventory.ecsServices()) {
      if (service.config() == null) {
        unchecked.add("rules not run on " + service.arn() + ": its configuration was unreadable");
        continue;
      }
      Evaluation evaluation = services.evaluate(change(inventory, service, now), context);
      if (!evaluation.evaluable()) {
        unchecked.add(
            "rules not run on " + service.config().resource() + ": " + evaluation.reason());
        continue;
      }
      checked++;
      EcsCluster cluster = clusters.get(service.clusterArn());
      ResourceTags tags = new ResourceTags(service.tags(), cluster == null ? null : cluster.tags());
      findings.addAll(engine.decide(evaluation, tags, today).alerted());
    }
    SweepResult found = orphans.find(inventory);
    List<Orphan> leftBehind = new ArrayList<>();
    for (Orphan orphan : found.orphans()) {
      Evaluation evaluation =
          new Evaluation(
              "sweep:" + orphan.arn(),
              KIND,
              true,
              null,
              List.of(OrphanedNamespaceRule.evaluate(orphan, null)),
              null);
      ResourceTags tags =
          ResourceTags.ofNamespace(
              namespaceArn(inventory, orphan).flatMap(namespaceTags).orElse(null));
      List<Verdict> alerted = engine.decide(evaluation, tags, today).alerted();
      if (!alerted.isEmpty()) {
        leftBehind.add(orphan);
        findings.addAll(alerted);
      }
    }
    SweepResult result =
        found
            .withOrphans(leftBehind)
            .withExemptions(ExemptionNote.due(inventory, today))
            .withFindings(findings, checked, unchecked);
    if (inventory.alarms() == null) {
      return result;
    }
    AlarmPrice price = PriceTable.bundled().alarms(inventory.region());
    return result.withAlarms(
        inventory.alarms().size(),
        price.monthly(inventory.alarms().size()),
        LeftBehindAlarms.find(inventory, price));
  }

  /** The namespace an orphan is, or is in. */
  private static Optional<String> namespaceArn(Inventory inventory, Orphan orphan) {
    if (Orphan.NAMESPACE.equals(orphan.kind())) {
      return Optional.of(orphan.arn());
    }
    return inventory.cloudMapServices().values().stream()
        .flatMap(List::stream)
        .filter(s -> s.arn().equals(orphan.arn()))
        .findFirst()
        .flatMap(
            s ->
                inventory.namespaces().stream()
                    .filter(ns -> ns.id().equals(s.namespaceId()))
                    .map(CloudMapNamespace::arn)
                    .findFirst());
  }

  /** The service as it stands, checked as if it had just been created. */
  private static ServiceChange change(Inventory inventory, EcsService service, Instant now) {
    return new ServiceChange(
        "sweep:" + service.arn(),
        now,
        inventory.account(),
        inventory.region(),
        "DescribeServices",
        SWEEP,
        null,
        service.config(),
        null,
        null,
        EnumSet.allOf(ServiceAspect.class));
  }
}
