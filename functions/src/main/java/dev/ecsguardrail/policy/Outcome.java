package dev.ecsguardrail.policy;

import java.util.Locale;

/** What the guardrail did with one finding. */
public enum Outcome {
  /** Alerted. */
  REPORTED,
  /** Alerted, and the service was stopped. */
  ENFORCED,
  /** A tag exempts the resource: logged, not alerted. */
  EXEMPT,
  /** ECS refused the call, so nothing exists to fix: a low-urgency note. */
  REJECTED_BY_ECS,
  /** The policy turns the rule off: logged, not alerted. */
  OFF;

  public boolean alerted() {
    return this == REPORTED || this == ENFORCED || this == REJECTED_BY_ECS;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
