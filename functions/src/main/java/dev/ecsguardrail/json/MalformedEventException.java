package dev.ecsguardrail.json;

/** An event, or a file, whose shape is not what its type promises; the message names the path. */
public final class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message) {
    super(message);
  }
}
