package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.Unevaluable;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import dev.ecsguardrail.rules.StubContextSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceChangeCheckTest {

  /** Port "http" without appProtocol, no headroom, 256 CPU: SC002, SC004 and SC011 if checked. */
  private static final String CATALOG_TCP_NO_HEADROOM =
      """
      {"family": "catalog-http", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
       "memory": "512", "containerDefinitions": [{"name": "catalog", "cpu": 256, "memory": 512,
         "portMappings": [{"name": "http", "containerPort": 8080}]}]}
      """;

  private final ServiceChangeCheck check = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);

  private static ParsedEvent event(String file) {
    try {
      return EventParser.parse(Files.readAllBytes(Path.of("..", "events", file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> ruleIds(Evaluation evaluation) {
    return evaluation.findings().stream().map(Finding::ruleId).toList();
  }

  @Test
  void desiredCountOnlyUpdate_doesNotRecheckExistingServiceConnect() {
    StubContextSource context = StubContextSource.of(CATALOG_TCP_NO_HEADROOM);

    Evaluation evaluation =
        check.evaluate(event("update-service-desired-count-only.json"), context);

    assertTrue(evaluation.evaluable());
    assertEquals(List.of(), evaluation.findings());
    assertEquals(0, context.taskDefinitionCalls);
  }

  @Test
  void forcedDeploymentOfTheSameService_doesRecheckIt() {
    StubContextSource context = StubContextSource.of(CATALOG_TCP_NO_HEADROOM);

    Evaluation evaluation =
        check.evaluate(event("update-service-force-new-deployment.json"), context);

    assertEquals(List.of("SC002", "SC004", "SC011"), ruleIds(evaluation));
    assertEquals(1, context.taskDefinitionCalls, "the task definition is read once");
  }

  @Test
  void failedCall_findingsAreLowAndMarkedRejected() {
    Evaluation evaluation =
        check.evaluate(
            event("create-service-codedeploy-rejected.json"),
            StubContextSource.of(CATALOG_TCP_NO_HEADROOM));

    assertTrue(evaluation.evaluable());
    assertTrue(
        evaluation.reason().startsWith("rejected by ECS: InvalidParameterException"),
        evaluation.reason());
    assertTrue(
        ruleIds(evaluation).containsAll(List.of("SC001", "SC002")), ruleIds(evaluation)::toString);
    for (Finding f : evaluation.findings()) {
      assertEquals(Severity.LOW, f.severity(), f.ruleId());
      assertTrue(f.rejectedByEcs(), f.ruleId());
    }
  }

  @Test
  void failedCallWithoutRequest_evaluableWithoutFindingsOrLookups() {
    StubContextSource context = StubContextSource.of(null);

    Evaluation evaluation = check.evaluate(event("create-service-access-denied.json"), context);

    assertTrue(evaluation.evaluable());
    assertEquals(List.of(), evaluation.findings());
    assertTrue(evaluation.reason().startsWith("rejected by ECS: AccessDenied"));
    assertEquals(0, context.taskDefinitionCalls + context.clusterCalls + context.namespaceCalls);
  }

  @Test
  void contextUnavailable_isNotEvaluableAndHasNoFindings() {
    Evaluation evaluation =
        check.evaluate(
            event("create-service-sc-no-app-protocol.json"),
            StubContextSource.failing("task definition payments-tcp:1: AccessDeniedException"));

    assertFalse(evaluation.evaluable());
    assertEquals(
        "context unavailable: task definition payments-tcp:1: AccessDeniedException",
        evaluation.reason());
    assertEquals(List.of(), evaluation.findings());
  }

  @Test
  void unevaluable_reportsEv001WithTheEventId() {
    Evaluation evaluation =
        check.evaluate(new Unevaluable("evt-42", "detail.eventTime is missing"), null);

    assertFalse(evaluation.evaluable());
    assertEquals("evt-42", evaluation.eventId());
    assertNull(evaluation.change());
    Finding finding = evaluation.findings().getFirst();
    assertEquals("EV001", finding.ruleId());
    assertEquals("event/evt-42", finding.resource());
    assertEquals("detail.eventTime is missing", finding.message());
  }

  @Test
  void malformedSample_reportsEv001() {
    Evaluation evaluation = check.evaluate(event("malformed-no-detail.json"), null);

    assertEquals(List.of("EV001"), ruleIds(evaluation));
    assertEquals("6f1e2d3c-4b5a-4978-8c6d-000000000014", evaluation.eventId());
  }

  @Test
  void findings_sortedHighFirstThenById() throws JsonProcessingException {
    String service =
        """
        {"serviceName": "api", "cluster": "prod", "taskDefinition": "api:1", "launchType": "FARGATE",
         "serviceConnectConfiguration": {"enabled": true, "services": [
           {"portName": "web", "tls": {"kmsKey": "k"}}, {"portName": "missing"}]}}
        """;
    String td =
        """
        {"family": "api", "networkMode": "host", "cpu": "512", "memory": "1024",
         "containerDefinitions": [{"name": "app", "cpu": 512, "memory": 1024,
           "portMappings": [{"name": "web", "containerPort": 8080}]}]}
        """;
    ServiceChange change =
        new ServiceChange(
            "evt-1",
            Instant.parse("2026-11-23T14:02:09Z"),
            "123456789012",
            "us-east-1",
            "CreateService",
            Caller.UNKNOWN,
            ServiceConfigReader.fromRequest(StrictJson.MAPPER.readTree(service), "$", true),
            null,
            null,
            null,
            EnumSet.allOf(ServiceAspect.class));

    Evaluation evaluation = check.evaluate(change, StubContextSource.of(td));

    assertEquals(
        List.of("SC002", "SC003", "SC009", "SC004", "SC011", "SC012"), ruleIds(evaluation));
    assertEquals(Severity.HIGH, evaluation.highestSeverity().orElseThrow());
  }
}
