package dev.ecsguardrail.policy;

/** The account's policy document cannot be used; the defaults in code stay in force. */
public final class InvalidPolicyException extends RuntimeException {

  public InvalidPolicyException(String message) {
    super(message);
  }
}
