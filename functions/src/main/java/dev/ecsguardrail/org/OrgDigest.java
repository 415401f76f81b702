package dev.ecsguardrail.org;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The organization's week from its member reports: pure, every count from the reports alone. */
public final class OrgDigest {

  private OrgDigest() {}

  /**
   * @param reports the week's member reports that could be read (one per key: S3 keeps the latest
   *     write of an account and Region)
   * @param damaged the week's objects that could not be read
   * @param expected the accounts that should report (active members of the organization)
   * @param regions the Regions each of them should report
   * @param lastWeek last week's totals and trend, from its org report; empty the first week
   */
  public static OrgReport build(
      String week,
      List<MemberReport> reports,
      List<OrgReport.Damaged> damaged,
      List<OrgReport.Account> expected,
      List<String> regions,
      Optional<OrgReport.History> lastWeek) {
    Map<String, String> names = new HashMap<>();
    expected.forEach(a -> names.put(a.id(), a.name()));
    List<MemberReport> sorted =
        reports.stream()
            .sorted(Comparator.comparing(MemberReport::account).thenComparing(MemberReport::region))
            .toList();

    List<OrgReport.Row> rows = new ArrayList<>();
    List<MemberReport.Orphan> orphans = new ArrayList<>();
    Map<String, Integer> byRule = new TreeMap<>();
    List<MemberReport.Exemption> exemptions = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    double cost = 0;
    int findings = 0;
    int incomplete = 0;
    for (MemberReport r : sorted) {
      reported.add(r.account() + "/" + r.region());
      rows.add(
          new OrgReport.Row(
              r.account(),
              names.getOrDefault(r.account(), ""),
              r.region(),
              r.complete(),
              r.monthlyCostUsd(),
              r.orphans().size(),
              r.findings().size()));
      orphans.addAll(r.orphans());
      r.findings().forEach(f -> byRule.merge(f.ruleId(), 1, Integer::sum));
      exemptions.addAll(r.exemptions());
      cost += r.monthlyCostUsd();
      findings += r.findings().size();
      incomplete += r.complete() ? 0 : 1;
    }
    // An object that could not be read still says its account and Region reported something.
    damaged.stream()
        .map(d -> WeeklyKey.parse(d.key()))
        .flatMap(Optional::stream)
        .forEach(k -> reported.add(k.account() + "/" + k.region()));
    List<OrgReport.Missing> missing = new ArrayList<>();
    for (OrgReport.Account account :
        expected.stream().sorted(Comparator.comparing(OrgReport.Account::id)).toList()) {
      for (String region : regions.stream().sorted().toList()) {
        if (!reported.contains(account.id() + "/" + region)) {
          missing.add(new OrgReport.Missing(account.id(), account.name(), region));
        }
      }
    }
    orphans.sort(
        Comparator.comparingDouble(MemberReport.Orphan::monthlyCostUsd)
            .reversed()
            .thenComparing(MemberReport.Orphan::arn));
    double total = Math.round(cost * 100) / 100.0;
    OrgReport.Totals totals =
        new OrgReport.Totals(
            (int) sorted.stream().map(MemberReport::account).distinct().count(),
            sorted.size(),
            incomplete,
            total,
            orphans.size(),
            findings);
    List<OrgReport.TrendPoint> trend = new ArrayList<>();
    lastWeek.ifPresent(
        last ->
            last.trend().stream().filter(p -> p.week().compareTo(week) < 0).forEach(trend::add));
    trend.add(new OrgReport.TrendPoint(week, total, findings));
    List<OrgReport.TrendPoint> recent =
        trend.subList(Math.max(0, trend.size() - OrgReport.TREND_WEEKS), trend.size());
    return new OrgReport(
        week,
        totals,
        lastWeek.map(OrgReport.History::totals),
        rows,
        missing,
        List.copyOf(damaged),
        orphans,
        byRule,
        exemptions,
        recent);
  }
}
