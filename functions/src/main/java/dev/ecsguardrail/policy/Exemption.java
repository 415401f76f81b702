package dev.ecsguardrail.policy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An exemption read from the tags of a service, a cluster or a Cloud Map namespace.
 *
 * @param on {@code service}, {@code cluster} or {@code namespace}: where the tag is
 * @param ruleIds the rule ids exempted; empty with {@code all}
 * @param all every rule is exempted
 * @param until the last day the exemption holds; {@code null} when it does not lapse
 * @param problem why the tags cannot be honoured (a date that is not a date); {@code null} if none
 */
public record Exemption(
    String on, Set<String> ruleIds, boolean all, LocalDate until, String problem) {

  public static final String EXEMPT_TAG = "ecs-guardrail:exempt";
  public static final String UNTIL_TAG = "ecs-guardrail:exempt-until";

  public Exemption {
    ruleIds = Set.copyOf(ruleIds);
  }

  /** The exemption the tags declare, if any. */
  public static Optional<Exemption> fromTags(Map<String, String> tags, String on) {
    if (tags == null || !tags.containsKey(EXEMPT_TAG)) {
      return Optional.empty();
    }
    Set<String> ids =
        Arrays.stream(tags.get(EXEMPT_TAG).split(","))
            .map(s -> s.strip().toUpperCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    boolean all = ids.remove("ALL");
    String untilTag = tags.get(UNTIL_TAG);
    LocalDate until = null;
    String problem = null;
    if (untilTag != null) {
      try {
        until = LocalDate.parse(untilTag.strip());
      } catch (DateTimeParseException e) {
        // Ignoring the date would make a temporary exemption permanent: refuse the exemption.
        problem = UNTIL_TAG + "=\"" + untilTag + "\" on the " + on + " is not a date (YYYY-MM-DD)";
      }
    }
    return Optional.of(new Exemption(on, ids, all, until, problem));
  }

  public boolean covers(String ruleId, LocalDate today) {
    return problem == null && !lapsed(today) && (all || ruleIds.contains(ruleId));
  }

  public boolean lapsed(LocalDate today) {
    return until != null && today.isAfter(until);
  }

  /** The tag that exempted, as a person would look for it. */
  public String describe() {
    return EXEMPT_TAG
        + "="
        + (all ? "all" : String.join(",", ruleIds.stream().sorted().toList()))
        + " on the "
        + on
        + (until == null ? "" : " until " + until);
  }
}
