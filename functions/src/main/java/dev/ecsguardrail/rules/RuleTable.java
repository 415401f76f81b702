package dev.ecsguardrail.rules;

import java.util.stream.Collectors;

/** The README's rule table, generated from {@link RuleCatalog} so it is never written twice. */
public final class RuleTable {

  private RuleTable() {}

  public static String markdown() {
    return "| id | rule | default severity | what to do |\n|---|---|---|---|\n"
        + RuleCatalog.ALL.stream()
            .map(
                r ->
                    "| ["
                        + r.id()
                        + "]("
                        + r.link()
                        + ") | "
                        + r.title()
                        + " | "
                        + r.severity()
                        + " | "
                        + r.remediation().replace("|", "\\|")
                        + " |")
            .collect(Collectors.joining("\n", "", "\n"));
  }
}
