package dev.ecsguardrail.event;

/**
 * An event that cannot be evaluated (malformed, truncated by CloudTrail, of a kind this function
 * does not handle). Reported as {@code EV001}, never as compliant.
 */
public record Unevaluable(String eventId, String reason) implements ParsedEvent {}
