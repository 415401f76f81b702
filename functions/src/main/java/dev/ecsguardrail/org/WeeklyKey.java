package dev.ecsguardrail.org;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a member's weekly report lies: {@code weekly/<ISO week>/<account>/<region>.json.gz}.
 *
 * @param key the whole object key
 */
public record WeeklyKey(String key, String week, String account, String region) {

  private static final Pattern MEMBER =
      Pattern.compile("weekly/(\\d{4}-W\\d{2})/(\\d{12})/([a-z0-9-]+)\\.json\\.gz");

  /** The ISO week of a day, as {@code 2026-W53}: a week belongs to the year of its Thursday. */
  public static String week(LocalDate day) {
    return String.format(
        "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The key a member writes its week's report of a Region under. */
  public static String of(String week, String account, String region) {
    return prefix(week) + account + "/" + region + ".json.gz";
  }

  /** The prefix every member report of a week is under. */
  public static String prefix(String week) {
    return "weekly/" + week + "/";
  }

  /** A member report's key, or empty for anything else under the prefix (the org reports). */
  public static Optional<WeeklyKey> parse(String key) {
    Matcher m = MEMBER.matcher(key);
    return m.matches()
        ? Optional.of(new WeeklyKey(key, m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }
}
