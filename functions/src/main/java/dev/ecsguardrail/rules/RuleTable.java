package dev.ecsguardrail.rules;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rule documentation, generated from {@link RuleCatalog} so it is never written twice: the
 * README's table, and one page per rule ({@code docs/rules/SC002.md}, the Error Prone habit).
 */
public final class RuleTable {

  private RuleTable() {}

  /** The README's table: each id links to its page. */
  public static String markdown() {
    return "| id | rule | default severity | runs on | what to do |\n|---|---|---|---|---|\n"
        + RuleCatalog.ALL.stream()
            .map(
                r ->
                    "| ["
                        + r.id()
                        + "](docs/rules/"
                        + r.id()
                        + ".md) | "
                        + r.title()
                        + " | "
                        + r.severity()
                        + " | "
                        + RuleCatalog.runsOn(r)
                        + " | "
                        + r.remediation().replace("|", "\\|")
                        + " |")
            .collect(Collectors.joining("\n", "", "\n"));
  }

  /**
   * A sample input and what {@code check} says of it, from its golden snapshot.
   *
   * @param sample the file under {@code events/}
   * @param exitCode {@code check}'s exit code on it
   * @param message the rule's finding on it; {@code null} in a passing example
   */
  public record Example(String sample, int exitCode, String message) {}

  /** The rule's page: summary, why, what to do, the link, a failing and a passing example. */
  public static String page(RuleInfo rule, Optional<Example> failing, Optional<Example> passing) {
    StringBuilder page = new StringBuilder();
    page.append("# ")
        .append(rule.id())
        .append(": ")
        .append(rule.title())
        .append(
            "\n\n<!-- generated from RuleCatalog and tests/snapshots by bin/update-snapshots -->\n\n")
        .append("Default severity: **")
        .append(rule.severity())
        .append("**. Runs on: **")
        .append(RuleCatalog.runsOn(rule))
        .append(
            "**. Mode and exemptions: [README, Policy and exemptions](../../README.md#policy-and-exemptions).\n\n")
        .append("## Why it matters\n\n")
        .append(rule.rationale())
        .append("\n\n## What to do\n\n")
        .append(rule.remediation())
        .append("\n\nReference: ")
        .append(rule.link())
        .append("\n\n## Failing example\n\n");
    failing.ifPresentOrElse(
        e -> page.append(command(e)).append("\n\n> ").append(e.message()).append("\n\n"),
        () -> page.append("No sample in `events/` yet.\n\n"));
    page.append("## Passing example\n\n");
    passing.ifPresentOrElse(
        e -> page.append(command(e)).append("\n\nNo ").append(rule.id()).append(" finding.\n"),
        () -> page.append("No sample in `events/` yet.\n"));
    return page.toString();
  }

  private static String command(Example e) {
    return "[`"
        + e.sample()
        + "`](../../"
        + e.sample()
        + "): `bin/ecs-guardrail check "
        + (e.sample().matches("events/(terraform|cloudformation|sam|cdk)/.*") ? "" : "--event ")
        + e.sample()
        + " --inventory events/context/fleet.json --task-definition ...` exits "
        + e.exitCode()
        + ".";
  }
}
