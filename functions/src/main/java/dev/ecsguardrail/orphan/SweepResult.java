package dev.ecsguardrail.orphan;

import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The judgement of one sweep.
 *
 * @param complete the sweep saw everything: only then does "no orphans" mean none
 * @param skipped what it could not see
 * @param exemptions exemption tags that lapsed, lapse within two weeks, or cannot be used
 * @param findings what is alerted, exemptions and the policy applied: NS001 on what was left
 *     behind, and the fleet's standing findings (what the service rules report on the services as
 *     they are)
 * @param checkedServices the services the rules ran on
 * @param alarms the guardrail's proxy-memory alarms; {@code null} when they were not read
 * @param alarmsMonthlyCostUsd what those alarms cost, {@code null} with them
 */
public record SweepResult(
    String account,
    String region,
    boolean complete,
    List<String> skipped,
    List<Orphan> orphans,
    List<ExemptionNote> exemptions,
    List<Verdict> findings,
    int checkedServices,
    Integer alarms,
    BigDecimal alarmsMonthlyCostUsd) {

  public SweepResult {
    skipped = List.copyOf(skipped);
    orphans = List.copyOf(orphans);
    exemptions = List.copyOf(exemptions);
    findings = List.copyOf(findings);
  }

  /** What the orphan check alone says. */
  public SweepResult(
      String account, String region, boolean complete, List<String> skipped, List<Orphan> orphans) {
    this(account, region, complete, skipped, orphans, List.of(), List.of(), 0, null, null);
  }

  /** The same, with only these orphans: the others are off or exempt by policy. */
  public SweepResult withOrphans(List<Orphan> kept) {
    return new SweepResult(
        account,
        region,
        complete,
        skipped,
        kept,
        exemptions,
        findings,
        checkedServices,
        alarms,
        alarmsMonthlyCostUsd);
  }

  /**
   * The service rules' findings on the fleet as it stands: {@link #findings} without NS001, which
   * the digest shows as its list of what was left behind.
   */
  public List<Verdict> standingFindings() {
    return findings.stream()
        .filter(v -> !OrphanedNamespaceRule.INFO.id().equals(v.finding().ruleId()))
        .toList();
  }

  /** The same, with the exemptions that lapsed or lapse soon (the digest lists them). */
  public SweepResult withExemptions(List<ExemptionNote> due) {
    return new SweepResult(
        account,
        region,
        complete,
        skipped,
        orphans,
        due,
        findings,
        checkedServices,
        alarms,
        alarmsMonthlyCostUsd);
  }

  /**
   * The same, with the standing findings of {@code checked} services; the services the rules could
   * not run on make the sweep incomplete.
   */
  public SweepResult withFindings(List<Verdict> standing, int checked, List<String> unchecked) {
    List<String> all = new ArrayList<>(skipped);
    all.addAll(unchecked);
    return new SweepResult(
        account,
        region,
        complete && unchecked.isEmpty(),
        all,
        orphans,
        exemptions,
        standing,
        checked,
        alarms,
        alarmsMonthlyCostUsd);
  }

  /**
   * The same, with the count and cost of the guardrail's alarms, and those whose service is gone
   * listed with what was left behind.
   */
  public SweepResult withAlarms(int count, BigDecimal monthlyCostUsd, List<Orphan> leftBehind) {
    List<Orphan> all = new ArrayList<>(orphans);
    all.addAll(leftBehind);
    return new SweepResult(
        account,
        region,
        complete,
        skipped,
        all,
        exemptions,
        findings,
        checkedServices,
        count,
        monthlyCostUsd);
  }

  /** The most severe standing finding's severity; empty when there is none. */
  public Optional<Severity> highestFindingSeverity() {
    return standingFindings().stream().map(v -> v.finding().severity()).max(Severity::compareTo);
  }

  public BigDecimal totalMonthlyCostUsd() {
    return orphans.stream()
        .map(Orphan::monthlyCostUsd)
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.HALF_UP);
  }

  public List<Orphan> namespaces() {
    return orphans.stream().filter(o -> Orphan.NAMESPACE.equals(o.kind())).toList();
  }
}
