package dev.ecsguardrail.policy;

import java.util.Locale;

/** What the guardrail does with a rule's findings. */
public enum RuleMode {
  /** Not alerted; logged with verdict {@code off}. */
  OFF,
  /** Alerted. */
  REPORT,
  /** Alerted, and the service is stopped when the stack runs in enforce mode. */
  ENFORCE;

  /**
   * @throws InvalidPolicyException for anything but {@code off}, {@code report}, {@code enforce}
   */
  public static RuleMode parse(String value, String where) {
    return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
      case "off" -> OFF;
      case "report" -> REPORT;
      case "enforce" -> ENFORCE;
      default ->
          throw new InvalidPolicyException(
              where + ": \"" + value + "\" is not a mode (off, report, enforce)");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
