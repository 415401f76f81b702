package dev.ecsguardrail.model;

import java.util.List;
import java.util.Locale;

/**
 * What was done with one resource of a pre-deploy input: evaluated by every rule, partly (some
 * rules could not run: {@code reason} says which and why), or skipped.
 *
 * @param rulesRun the ids of the rules that ran on it
 */
public record ResourceReport(
    String address,
    String type,
    SourceLocation location,
    Status status,
    String reason,
    List<String> rulesRun) {

  public ResourceReport {
    rulesRun = List.copyOf(rulesRun);
  }

  public enum Status {
    EVALUATED,
    PARTIAL,
    SKIPPED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
