package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.json.StrictJson;
import java.util.List;

/** Builds rule inputs from text-block JSON and checks findings. */
final class RuleTesting {

  static final String REGION = "us-east-1";

  private RuleTesting() {}

  /** A subject from a CreateService request body, in {@link #REGION}, with this context. */
  static ServiceSubject subject(String createServiceJson, ContextSource context) {
    return subject(createServiceJson, context, REGION);
  }

  static ServiceSubject subject(String createServiceJson, ContextSource context, String region) {
    try {
      return new ServiceSubject(
          ServiceConfigReader.fromRequest(StrictJson.MAPPER.readTree(createServiceJson), "$", true),
          region,
          context);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }

  /** A subject whose task definition is this RegisterTaskDefinition body. */
  static ServiceSubject subject(String createServiceJson, String taskDefinitionJson) {
    return subject(createServiceJson, StubContextSource.of(taskDefinitionJson));
  }

  /** Asserts exactly one finding, of this rule, at this path, whose message has this part. */
  static Finding onlyFinding(
      List<Finding> findings, RuleInfo rule, String path, String messagePart) {
    assertEquals(1, findings.size(), () -> "findings: " + findings);
    Finding finding = findings.getFirst();
    assertEquals(rule.id(), finding.ruleId());
    assertEquals(rule.severity(), finding.severity());
    assertEquals(path, finding.path());
    assertTrue(
        finding.message().contains(messagePart),
        () -> "message '" + finding.message() + "' lacks '" + messagePart + "'");
    return finding;
  }
}
