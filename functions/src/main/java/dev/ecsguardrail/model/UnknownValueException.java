package dev.ecsguardrail.model;

/**
 * A rule read a value the pre-deploy input leaves unknown: that rule does not run on that resource,
 * and says what it needs. Never a pass.
 */
public final class UnknownValueException extends RuntimeException {

  private final transient UnknownValue value;

  /**
   * @param owner the resource holding it when not the one evaluated, else {@code ""}
   */
  public UnknownValueException(String owner, UnknownValue value) {
    super(
        (owner.isEmpty() ? "" : owner + " ") + value.path() + " is " + value.why(),
        null,
        false,
        false);
    this.value = value;
  }

  public UnknownValue value() {
    return value;
  }
}
