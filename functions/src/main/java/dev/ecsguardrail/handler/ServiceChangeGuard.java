package dev.ecsguardrail.handler;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.ServiceChangeCheck;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.Topic;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.Finding;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service-change flow after parsing: evaluate, log, notify once when there is something to say.
 * An event that cannot be evaluated is logged with its id and published, never dropped.
 */
public final class ServiceChangeGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceChangeGuard.class);

  private final ServiceChangeCheck check;
  private final ContextSource context;
  private final Topic topic;

  public ServiceChangeGuard(ServiceChangeCheck check, ContextSource context, Topic topic) {
    this.check = check;
    this.context = context;
    this.topic = topic;
  }

  public Evaluation handle(ParsedEvent event) {
    Evaluation evaluation = check.evaluate(event, context);
    String ruleIds =
        evaluation.findings().stream().map(Finding::ruleId).collect(Collectors.joining(","));
    if (evaluation.evaluable()) {
      LOG.info(
          "evaluated",
          entry("eventId", evaluation.eventId()),
          entry("findings", ruleIds),
          entry("note", evaluation.reason()));
    } else {
      LOG.warn(
          "not evaluable",
          entry("eventId", evaluation.eventId()),
          entry("reason", evaluation.reason()));
    }
    if (evaluation.worthNotifying()) {
      topic.publish(NotificationRenderer.render(evaluation));
    }
    return evaluation;
  }
}
