package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured line per verdict: exempt and off findings are visible here, not alerted. */
final class VerdictLog {

  private static final Logger LOG = LoggerFactory.getLogger(VerdictLog.class);

  private VerdictLog() {}

  /**
   * @param key what deduplicates the input (an event key), or its id
   */
  static void log(Decision decision, String key) {
    Evaluation evaluation = decision.evaluation();
    if (!evaluation.evaluable()) {
      LOG.warn(
          "not evaluable",
          entry("eventId", evaluation.eventId()),
          entry("eventKey", key),
          entry("reason", evaluation.reason()));
    }
    for (Verdict v : decision.verdicts()) {
      LOG.info(
          "verdict",
          entry("eventId", evaluation.eventId()),
          entry("ruleId", v.finding().ruleId()),
          entry("severity", v.finding().severity().name()),
          entry("resource", v.finding().resource()),
          entry("verdict", v.outcome().label()),
          entry("reason", v.reason()));
    }
    LOG.info(
        "evaluated",
        entry("eventId", evaluation.eventId()),
        entry("findings", decision.verdicts().size()),
        entry("alerted", decision.alerted().size()),
        entry("note", evaluation.reason()));
  }
}
