package dev.ecsguardrail.org;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organization's week: every member report of the week's prefix, against the accounts and
 * Regions that should have reported. Built by {@link OrgDigest}; written beside its inputs as JSON,
 * CSV and HTML, and sent as one digest.
 *
 * @param lastWeek last week's totals, from last week's org report; empty the first week
 * @param rows one per account and Region that reported, by account then Region
 * @param missing expected account and Region pairs with no report at all, by name: never a zero
 * @param damaged objects under the prefix that could not be read, with why
 * @param orphans every resource left behind, costliest first
 * @param findingsByRule standing findings counted by rule id, in id order
 * @param exemptions exemptions that lapsed, lapse within two weeks or cannot be honoured
 * @param trend the weeks' totals, oldest first, this week last (at most {@link #TREND_WEEKS})
 */
public record OrgReport(
    String week,
    Totals totals,
    Optional<Totals> lastWeek,
    List<Row> rows,
    List<Missing> missing,
    List<Damaged> damaged,
    List<MemberReport.Orphan> orphans,
    Map<String, Integer> findingsByRule,
    List<MemberReport.Exemption> exemptions,
    List<TrendPoint> trend) {

  public static final int TREND_WEEKS = 12;

  public OrgReport {
    rows = List.copyOf(rows);
    missing = List.copyOf(missing);
    damaged = List.copyOf(damaged);
    orphans = List.copyOf(orphans);
    findingsByRule = Map.copyOf(findingsByRule);
    exemptions = List.copyOf(exemptions);
    trend = List.copyOf(trend);
  }

  /**
   * @param reports member reports read
   * @param incomplete of those, sweeps that could not read everything
   */
  public record Totals(
      int accounts,
      int reports,
      int incomplete,
      double monthlyCostUsd,
      int orphans,
      int findings) {}

  public record Row(
      String account,
      String accountName,
      String region,
      boolean complete,
      double monthlyCostUsd,
      int orphans,
      int findings) {}

  public record Missing(String account, String accountName, String region) {}

  public record Damaged(String key, String reason) {}

  public record TrendPoint(String week, double monthlyCostUsd, int findings) {}

  /** What a week's report keeps for the next week: its totals and trend. */
  public record History(Totals totals, List<TrendPoint> trend) {}

  /** An account that should report: from Organizations, or the stack's list. */
  public record Account(String id, String name) {}
}
