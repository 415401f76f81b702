package dev.ecsguardrail.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;

/**
 * An EventBridge "Scheduled Event" ({@code source} {@code aws.events}, {@code detail} {@code {}}):
 * the weekly sweep's trigger, for {@code bin/ecs-guardrail check --event}. (The deployed digest is
 * invoked by EventBridge Scheduler, which sends no envelope: its account is the function's own.)
 *
 * @param account the envelope's account: the one to sweep
 */
public record ScheduledEvent(String eventId, String account, String region) {

  static final String DETAIL_TYPE = "Scheduled Event";

  public static boolean isScheduledEvent(JsonNode envelope) {
    return envelope != null
        && DETAIL_TYPE.equals(envelope.path("detail-type").asText())
        && "aws.events".equals(envelope.path("source").asText());
  }

  /**
   * @throws MalformedEventException when the envelope does not say which account and Region
   */
  public static ScheduledEvent parse(JsonNode envelope) {
    String eventId = envelope.path("id").asText("unknown");
    String account = envelope.path("account").asText("");
    String region = envelope.path("region").asText("");
    if (account.isBlank() || region.isBlank()) {
      throw new MalformedEventException(
          "event " + eventId + ": a Scheduled Event names the account and Region to sweep");
    }
    return new ScheduledEvent(eventId, account, region);
  }
}
