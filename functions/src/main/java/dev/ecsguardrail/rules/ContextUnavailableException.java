package dev.ecsguardrail.rules;

/**
 * Context a rule needs could not be read (access denied, not found, throttled past retries). The
 * evaluation then reports "context unavailable", never a pass.
 */
public final class ContextUnavailableException extends RuntimeException {

  public ContextUnavailableException(String what, Throwable cause) {
    super(what, cause);
  }

  public ContextUnavailableException(String what) {
    super(what);
  }
}
