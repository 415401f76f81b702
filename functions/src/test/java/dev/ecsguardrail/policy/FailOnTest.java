package dev.ecsguardrail.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.rules.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailOnTest {

  /** A service SC011 (LOW) and, when {@code high}, SC002 (HIGH) could not run on; no finding. */
  private static Decision partlyEvaluated(boolean high) {
    Map<String, String> notRun =
        high
            ? Map.of("SC002", "taskDefinition is Fn::ImportValue")
            : Map.of("SC011", "context unavailable: task definition td: not among the files");
    ResourceReport service =
        new ResourceReport(
            "Orders",
            "AWS::ECS::Service",
            new SourceLocation("t.yaml", 3),
            ResourceReport.Status.PARTIAL,
            "not run",
            List.of("SC001"),
            notRun);
    return new Decision(
        new Evaluation("t.yaml", "pre-deploy", true, null, List.of(), null, null, List.of(service)),
        List.of(),
        null,
        null);
  }

  @Test
  void aRuleAtOrAboveFailOnNotRun_failsTheRun_unlessPartialIsAccepted() {
    assertTrue(new FailOn(Severity.HIGH, false).fails(partlyEvaluated(true)));
    assertTrue(new FailOn(Severity.MEDIUM, false).fails(partlyEvaluated(true)));
    assertFalse(new FailOn(Severity.MEDIUM, true).fails(partlyEvaluated(true)));
  }

  @Test
  void aRuleBelowFailOnNotRun_isReportedOnly() {
    FailOn medium = new FailOn(Severity.MEDIUM, false);
    Decision low = partlyEvaluated(false);

    assertFalse(medium.fails(low));
    assertTrue(new FailOn(Severity.LOW, false).fails(low));
    RuleNotRun sc011 = PartialEvaluation.of(low.evaluation()).getFirst().rules().getFirst();
    assertEquals("below --fail-on MEDIUM: reported only", medium.standing(sc011));
  }

  @Test
  void summary_namesTheRulesWhatTheyNeedAndHowToProvideIt() {
    PartialEvaluation high = PartialEvaluation.of(partlyEvaluated(true).evaluation()).getFirst();
    PartialEvaluation low = PartialEvaluation.of(partlyEvaluated(false).evaluation()).getFirst();

    assertEquals(
        "SC002 (HIGH) could not run: taskDefinition is Fn::ImportValue; provide it: known only at"
            + " deploy: the CloudFormation hook checks it then; write the value, or make it a"
            + " parameter and give --parameter KEY=VALUE.",
        high.summary());
    assertTrue(
        low.summary().contains("provide it: give it with --task-definition FILE"), low.summary());
  }
}
