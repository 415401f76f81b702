package dev.ecsguardrail.flow;

import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.Unevaluable;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Rule;
import dev.ecsguardrail.rules.ServiceSubject;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluates a CreateService/UpdateService call with the service rules: the same code for the
 * Lambda, the command line and the tests. Pure: context comes through a {@link ContextSource}.
 */
public final class ServiceChangeCheck {

  public static final String KIND = "service-change";

  static final Comparator<Finding> MOST_SEVERE_FIRST =
      Comparator.comparing(Finding::severity, Collections.reverseOrder())
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::path);

  private final List<Rule> rules;

  public ServiceChangeCheck(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The rules a call is checked by: those reading an aspect it changed (an UpdateService that did
   * not touch a setting does not re-alert on it).
   */
  public List<Rule> rulesRunOn(ServiceChange change) {
    return rules.stream()
        .filter(rule -> rule.dependsOn().stream().anyMatch(change.changed()::contains))
        .toList();
  }

  public Evaluation evaluate(ParsedEvent event, ContextSource context) {
    return switch (event) {
      case Unevaluable u ->
          new Evaluation(
              u.eventId(),
              KIND,
              false,
              u.reason(),
              List.of(UnevaluableEventRule.finding(u.eventId(), u.reason())),
              null);
      case ServiceChange change -> evaluate(change, context);
    };
  }

  private Evaluation evaluate(ServiceChange change, ContextSource context) {
    String rejection =
        change.rejectedByEcs()
            ? "rejected by ECS: "
                + change.errorCode()
                + (change.errorMessage() == null ? "" : ": " + change.errorMessage())
            : null;
    ServiceConfig config = change.evaluated();
    if (config == null) {
      return new Evaluation(
          change.eventId(),
          KIND,
          true,
          rejection + " (CloudTrail recorded no request: nothing to check, nothing was created)",
          List.of(),
          change);
    }
    ServiceSubject subject = new ServiceSubject(config, change.region(), context);
    List<Finding> findings = new ArrayList<>();
    try {
      for (Rule rule : rulesRunOn(change)) {
        findings.addAll(rule.evaluate(subject));
      }
    } catch (ContextUnavailableException e) {
      return new Evaluation(
          change.eventId(),
          KIND,
          false,
          "context unavailable: " + e.getMessage(),
          List.of(),
          change);
    }
    List<Finding> reported =
        findings.stream()
            .map(f -> change.rejectedByEcs() ? f.rejected() : f)
            .sorted(MOST_SEVERE_FIRST)
            .toList();
    return new Evaluation(change.eventId(), KIND, true, rejection, reported, change);
  }
}
