package dev.ecsguardrail.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What was done with one resource of a pre-deploy input: evaluated by every rule, partly (some
 * rules could not run: {@code reason} says which and why), or skipped.
 *
 * @param rulesRun the ids of the rules that ran on it
 * @param rulesNotRun the rules that could not run on it, each with why, in catalog order
 */
public record ResourceReport(
    String address,
    String type,
    SourceLocation location,
    Status status,
    String reason,
    List<String> rulesRun,
    Map<String, String> rulesNotRun) {

  public ResourceReport {
    rulesRun = List.copyOf(rulesRun);
    rulesNotRun = Collections.unmodifiableMap(new LinkedHashMap<>(rulesNotRun));
  }

  /** A resource no rule ran on: skipped, or a task definition checked with its services. */
  public ResourceReport(
      String address, String type, SourceLocation location, Status status, String reason) {
    this(address, type, location, status, reason, List.of(), Map.of());
  }

  /** Not evaluated, and why. */
  public static ResourceReport skipped(
      String address, String type, SourceLocation location, String reason) {
    return new ResourceReport(address, type, location, Status.SKIPPED, reason);
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
