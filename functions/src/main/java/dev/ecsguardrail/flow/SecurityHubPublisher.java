package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.notify.AsffFindings;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.securityhub.FindingLifecycle;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the guardrail's findings in Security Hub in step with its evaluations ({@code
 * SecurityHubFindings=on}): after each evaluation, what it alerted is upserted and what it settled
 * but no longer sees is archived as passed; the weekly sweep does the same over the whole fleet.
 * Runs after the alert is out, so it never delays or repeats one: when Security Hub cannot be
 * reached, or refuses findings after retries, an operational alert says which, and the next sweep
 * imports the standing findings again. Off, it does nothing and calls nothing.
 */
public final class SecurityHubPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityHubPublisher.class);

  /** {@code SecurityHubFindings=off}: nothing is imported, nothing read. */
  public static final SecurityHubPublisher OFF = new SecurityHubPublisher(null, null, null, null);

  private final SecurityHub hub;
  private final HubAccount account;
  private final Topic topic;
  private final Clock clock;

  /**
   * @param account the account and Region the function runs in: findings are imported there
   * @param topic where a failed import is reported
   */
  public SecurityHubPublisher(SecurityHub hub, HubAccount account, Topic topic, Clock clock) {
    this.hub = hub;
    this.account = account;
    this.topic = topic;
    this.clock = clock;
  }

  /**
   * What one synchronisation did.
   *
   * @param imported findings Security Hub took, archived ones included
   * @param failed findings it did not take (reported)
   */
  public record Sync(int imported, int archived, int failed) {
    static final Sync NONE = new Sync(0, 0, 0);
  }

  /** Which earlier findings an evaluation decided: these rules on these resources. */
  public record Settled(Set<String> ruleIds, Set<String> resources) {
    public static final Settled NOTHING = new Settled(Set.of(), Set.of());

    public Settled {
      ruleIds = Set.copyOf(ruleIds);
      resources = Set.copyOf(resources);
    }
  }

  public boolean on() {
    return hub != null;
  }

  /**
   * After one evaluation of an event.
   *
   * @param alerted the decision's alerted verdicts
   * @param settled the rules the evaluation ran to the end on its resources (finding or not)
   * @param observedAt when the evaluated call (or state change) happened
   */
  public Sync afterEvaluation(
      List<Verdict> alerted, Settled settled, Instant observedAt, String eventId, Caller caller) {
    if (!on()) {
      return Sync.NONE;
    }
    Instant now = clock.instant();
    List<HubFinding> observed =
        AsffFindings.findings(account, alerted, observedAt, now, eventId, caller);
    Set<String> settledArns =
        settled.resources().stream().map(account::resourceArn).collect(Collectors.toSet());
    Set<String> resources = new LinkedHashSet<>(settledArns);
    observed.forEach(f -> resources.add(f.resourceId()));
    if (resources.isEmpty()) {
      return Sync.NONE;
    }
    return sync(
        observed,
        () -> hub.activeFindings(account.productArn(), resources),
        f -> settled.ruleIds().contains(f.ruleId()) && settledArns.contains(f.resourceId()),
        now,
        eventId);
  }

  /**
   * After the weekly sweep: the fleet's standing findings and what was left behind, upserted. A
   * complete sweep settles its rules on every resource, and every rule on a service that no longer
   * exists; an incomplete one archives nothing.
   *
   * @param sweepRules the rules the sweep runs (the service rules and NS001)
   */
  public Sync afterSweep(SweepResult sweep, Inventory inventory, Set<String> sweepRules) {
    if (!on()) {
      return Sync.NONE;
    }
    Instant now = clock.instant();
    List<HubFinding> observed =
        AsffFindings.findings(account, sweep.findings(), now, now, "sweep", null);
    Set<String> services = new HashSet<>();
    for (EcsService s : inventory.ecsServices()) {
      services.add(s.arn());
      if (s.config() != null) {
        services.add(account.resourceArn(s.config().resource()));
      }
    }
    Predicate<HubFinding> settled =
        f ->
            sweep.complete()
                && (sweepRules.contains(f.ruleId())
                    || ("AwsEcsService".equals(f.resourceType())
                        && !services.contains(f.resourceId())));
    return sync(
        observed, () -> hub.activeFindings(account.productArn(), null), settled, now, "sweep");
  }

  private Sync sync(
      List<HubFinding> observed,
      Supplier<List<HubFinding>> earlier,
      Predicate<HubFinding> settled,
      Instant now,
      String eventId) {
    List<HubFinding> imports;
    Map<String, String> refused;
    try {
      imports = FindingLifecycle.imports(observed, earlier.get(), settled, now);
      if (imports.isEmpty()) {
        return Sync.NONE;
      }
      refused = hub.importFindings(imports);
    } catch (RuntimeException e) {
      // Unreachable, refused or unreadable: whatever fails here must not undo the alert that went
      // out, nor make a retry send it again.
      report(eventId, observed.size() + " finding(s) not imported: " + e.getMessage());
      return new Sync(0, 0, observed.size());
    }
    int archived = (int) imports.stream().filter(f -> !f.active()).count();
    if (!refused.isEmpty()) {
      report(
          eventId,
          refused.size()
              + " of "
              + imports.size()
              + " finding(s) refused: "
              + refused.entrySet().stream()
                  .limit(10)
                  .map(e -> e.getKey() + " (" + e.getValue() + ")")
                  .collect(Collectors.joining(", ")));
    }
    LOG.info(
        "security hub",
        entry("eventId", eventId),
        entry("imported", imports.size() - refused.size()),
        entry("archived", archived),
        entry("refused", refused.size()));
    return new Sync(imports.size() - refused.size(), archived, refused.size());
  }

  private void report(String eventId, String detail) {
    LOG.error("security hub import failed", entry("eventId", eventId), entry("detail", detail));
    try {
      topic.publish(
          NotificationRenderer.operational(
              "Security Hub import failed",
              "After evaluating " + eventId + ": " + detail,
              "Check that Security Hub CSPM is enabled in "
                  + account.region()
                  + " and that the function may call securityhub:BatchImportFindings; the next"
                  + " weekly sweep imports the standing findings again (or set"
                  + " SecurityHubFindings=off).",
              "ecs-guardrail/security-hub"));
    } catch (RuntimeException e) {
      // The finding's own alert went out before; this one is logged above.
      LOG.error("security hub failure not reported", entry("error", e.toString()));
    }
  }
}
