package dev.ecsguardrail.rules;

/** How urgent a finding is; ordered, so {@code compareTo} ranks them. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH;

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
