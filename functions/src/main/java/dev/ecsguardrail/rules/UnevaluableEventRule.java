package dev.ecsguardrail.rules;

/** EV001: an event that cannot be evaluated. Reported, never taken as compliant. */
public final class UnevaluableEventRule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "EV001",
          "Event that cannot be evaluated",
          Severity.MEDIUM,
          "A malformed event, or one CloudTrail truncated, may hide any of the other findings: it"
              + " is reported so that someone looks, never counted as compliant.",
          "Look the call up in CloudTrail by its event id and check the service by hand, or run"
              + " `bin/ecs-guardrail check --service` on its configuration.",
          "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html");

  private UnevaluableEventRule() {}

  public static Finding finding(String eventId, String reason) {
    return INFO.finding("event/" + eventId, "$", reason);
  }
}
