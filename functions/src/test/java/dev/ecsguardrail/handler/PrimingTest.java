package dev.ecsguardrail.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.policy.Evaluation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void serviceChecks_evaluateEverySample() {
    List<Evaluation> evaluations = Priming.serviceChecks();

    assertEquals(Priming.SAMPLES.size(), evaluations.size());
    assertTrue(evaluations.stream().allMatch(e -> e.eventId() != null && !e.eventId().isBlank()));
    assertTrue(
        evaluations.stream().anyMatch(e -> e.evaluable() && !e.findings().isEmpty()),
        "at least one sample with findings");
    assertTrue(evaluations.stream().anyMatch(e -> !e.evaluable()), "at least one not evaluable");
  }

  @Test
  void everyStep_isRepeatable_soTheSnapshotHoldsNothingThatDependsOnWhenItRan() {
    assertEquals(Priming.serviceChecks(), Priming.serviceChecks());
    assertEquals(Priming.clusterDeletions(), Priming.clusterDeletions());
    assertEquals(Priming.digests(), Priming.digests());
    assertEquals(Priming.alarmAlerts(), Priming.alarmAlerts());
  }

  @Test
  void messagesArePrimedForEveryKind() {
    Notification ns001 = Priming.clusterDeletions();
    List<Notification> alarm = Priming.alarmAlerts();

    assertEquals(List.of("NS001"), ns001.ruleIds());
    assertEquals("digest", Priming.digests().attributes().get("kind"));
    assertEquals(
        List.of("ALARM", "OK"), alarm.stream().map(n -> n.attributes().get("alarmState")).toList());
  }

  /** Against canned answers: these pass only because no call leaves the process. */
  @Test
  void sdkSteps_marshalAndUnmarshalTheGatewaysCalls_withoutANetwork() {
    SdkPriming.ecs();
    SdkPriming.cloudMap();
    SdkPriming.dynamoDb();
    SdkPriming.cloudWatch();
    SdkPriming.securityHub();
    SdkPriming.s3();
    Priming.serviceCheckAlert();
    Priming.alarmPlans();
  }

  @Test
  void beforeCheckpoint_runsTheRegisteredStepsInOrder() {
    List<String> ran = new ArrayList<>();
    Priming.register(() -> ran.add("first"), () -> ran.add("second"));

    Priming.registered().getLast().beforeCheckpoint(null);

    assertEquals(List.of("first", "second"), ran);
  }
}
