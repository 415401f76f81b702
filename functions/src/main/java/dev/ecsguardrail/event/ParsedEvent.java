package dev.ecsguardrail.event;

/** What an incoming event turned into: something to evaluate, or a reason it cannot be. */
public sealed interface ParsedEvent permits ServiceChange, Unevaluable {

  /** {@code detail.eventID} (or the envelope id, or a placeholder when neither is readable). */
  String eventId();
}
