package dev.ecsguardrail.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.event.Unevaluable;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.SidecarAlarmNotificationsTest;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.InvalidPolicyException;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.props.Mutations.Mutated;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every parser entry point over damaged copies of the sample files: it returns its value or throws
 * its documented exception, nothing else; a CreateService/UpdateService event that lost what it
 * cannot do without is never evaluated as compliant; what parses also renders.
 */
class ParserPropertiesTest {

  private static final Map<String, JsonNode> SERVICE_EVENTS = Mutations.samples("", n -> true);
  private static final Map<String, JsonNode> CLUSTER_EVENTS =
      Mutations.samples("cluster", n -> true);
  private static final Map<String, JsonNode> ALARM_EVENTS = Mutations.samples("alarm", n -> true);
  private static final Map<String, JsonNode> TASK_DEFINITIONS =
      Mutations.samples("taskdefs", n -> true);
  private static final Map<String, JsonNode> POLICIES =
      Map.of(
          "policy.json",
          StrictJson.parse(
              "{\"default\":\"report\",\"rules\":{\"SC002\":\"enforce\",\"SC011\":\"off\"}}"
                  .getBytes(StandardCharsets.UTF_8),
              "policy"));

  private static final ServiceChangeCheck CHECK = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);
  private static final FileContextSource CONTEXT = SampleContext.samples();
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

  /** SNS's limit for message and attributes. */
  static final int SNS_LIMIT = 262_144;

  private static final Function<Random, Mutated> SERVICE_EVENT_CASES =
      Mutations.of(SERVICE_EVENTS, true);

  private static final Function<Random, Mutated> CLUSTER_EVENT_CASES =
      Mutations.of(CLUSTER_EVENTS, false); // takes a tree: damaged bytes never reach it

  private static final Function<Random, Mutated> ALARM_EVENT_CASES =
      Mutations.of(ALARM_EVENTS, false); // takes a tree: damaged bytes never reach it

  private static final Function<Random, Mutated> TASK_DEFINITION_CASES =
      Mutations.of(TASK_DEFINITIONS, false); // takes a tree: damaged bytes never reach it

  private static final Function<Random, Mutated> POLICY_CASES = Mutations.of(POLICIES, true);

  /**
   * EventParser's contract is "never throws": whatever cannot be read is an {@link Unevaluable}
   * with the event id. Both entry points (bytes, as Lambda and the command line read a file; a
   * tree, as the handler passes it) agree.
   */
  @Test
  void eventParser_neverThrows_andUnevaluableCarriesTheEventId() {
    Cases.check(
        "eventParser_neverThrows_andUnevaluableCarriesTheEventId",
        1000,
        SERVICE_EVENT_CASES,
        event -> {
          byte[] bytes = event.bytes();
          JsonNode tree = JsonMutation.tree(bytes);
          ParsedEvent fromBytes = EventParser.parse(bytes);
          assertNotNull(fromBytes);
          if (tree != null) {
            ParsedEvent fromTree = EventParser.parse(tree);
            assertEquals(fromBytes.getClass(), fromTree.getClass(), event::toString);
            assertEquals(fromBytes.eventId(), fromTree.eventId());
          }
          assertEquals(RequiredFields.expectedEventId(tree), fromBytes.eventId(), event::toString);
          if (fromBytes instanceof Unevaluable u) {
            assertNotNull(u.reason());
            assertFalse(u.reason().isBlank(), event::toString);
          }
          Cases.count("parsed as", fromBytes.getClass().getSimpleName());
        });
  }

  /**
   * The check on whatever the parser returned: always an Evaluation; an unevaluable event is EV001
   * on {@code event/<id>} and nothing else; an event that lost what it cannot do without (see
   * {@link RequiredFields}), or whose typed field got another type, is never evaluable; an
   * evaluable one has a call to show, and "nothing to check" only when ECS rejected the call.
   * Whatever comes out renders within SNS's limits.
   */
  @Test
  void serviceChangeCheck_alwaysAnEvaluation_neverAFalseCompliant() {
    Cases.check(
        "serviceChangeCheck_alwaysAnEvaluation_neverAFalseCompliant",
        1000,
        SERVICE_EVENT_CASES,
        event -> {
          byte[] bytes = event.bytes();
          JsonNode tree = JsonMutation.tree(bytes);
          ParsedEvent parsed = EventParser.parse(bytes);
          Evaluation evaluation = CHECK.evaluate(parsed, CONTEXT);

          assertNotNull(evaluation, event::toString);
          assertEquals(parsed.eventId(), evaluation.eventId());
          Optional<String> violation = RequiredFields.violation(tree);
          if (violation.isPresent()) {
            assertFalse(
                evaluation.evaluable(),
                () -> event + " lost " + violation.get() + " but was evaluated: " + evaluation);
          }
          if (tree != null && evaluation.evaluable()) {
            for (JsonMutation m : event.mutations()) {
              JsonNode before = event.original().at(JsonPointer.compile(m.pointer()));
              JsonNode after = tree.at(JsonPointer.compile(m.pointer()));
              boolean failedCall = tree.path("detail").path("errorCode").isTextual();
              boolean responseField = m.pointer().startsWith("/detail/responseElements/service");
              if (!(failedCall && responseField)) {
                assertFalse(
                    RequiredFields.retyped(m.pointer(), before, after),
                    () -> event + ": " + m + " gave a typed field another type, yet evaluable");
              }
            }
          }
          if (parsed instanceof Unevaluable u) {
            assertFalse(evaluation.evaluable());
            assertNull(evaluation.change());
            assertEquals(1, evaluation.findings().size(), evaluation::toString);
            Finding ev001 = evaluation.findings().getFirst();
            assertEquals(UnevaluableEventRule.INFO.id(), ev001.ruleId());
            assertEquals("event/" + u.eventId(), ev001.resource());
            assertEquals(RequiredFields.expectedEventId(tree), u.eventId());
          } else if (evaluation.evaluable()) {
            ServiceChange change = evaluation.change();
            assertNotNull(change);
            assertNotNull(change.eventTime());
            assertTrue(
                evaluation.findings().stream().noneMatch(f -> f.ruleId().equals("EV001")),
                evaluation::toString);
            if (change.evaluated() == null) {
              assertTrue(change.rejectedByEcs(), event::toString);
              assertTrue(evaluation.findings().isEmpty());
              assertTrue(evaluation.reason().startsWith("rejected by ECS"), evaluation::reason);
            } else {
              assertNotNull(change.evaluated().serviceName());
              assertNotNull(change.evaluated().cluster());
            }
          } else {
            // ServiceChange, context unavailable: no findings, a reason, never compliant.
            assertTrue(evaluation.reason().startsWith("context unavailable"), evaluation::reason);
          }
          Notification n =
              NotificationRenderer.render(
                  new PolicyEngine(Policy.DEFAULTS, false)
                      .decide(evaluation, ResourceTags.UNKNOWN, TODAY));
          assertRenderable(n);
          Cases.count(
              "outcome",
              !evaluation.evaluable()
                  ? (parsed instanceof Unevaluable ? "EV001" : "context unavailable")
                  : evaluation.findings().isEmpty() ? "evaluable, no findings" : "findings");
        });
  }

  /**
   * Found with the property above: a successful call whose response lost its PRIMARY deployment
   * read as "Service Connect off", and one that lost its task definition skipped every
   * task-definition rule; both came out evaluable with no findings. Now EV001.
   */
  @Test
  void successfulCall_withoutPrimaryDeploymentOrTaskDefinition_isNotEvaluable() {
    String service = "/detail/responseElements/service";
    Map<String, List<JsonMutation>> damage =
        Map.of(
            "no deployments",
            List.of(new JsonMutation(JsonMutation.Kind.DROP, service + "/deployments", 0)),
            "PRIMARY renamed",
            List.of(
                new JsonMutation(
                    JsonMutation.Kind.EMPTY_STRING, service + "/deployments/0/status", 0)),
            "no task definition",
            List.of(
                new JsonMutation(JsonMutation.Kind.DROP, service + "/taskDefinition", 0),
                new JsonMutation(
                    JsonMutation.Kind.DROP, service + "/deployments/0/taskDefinition", 0)));
    for (String sample :
        List.of(
            "create-service-sc-no-app-protocol.json",
            "update-service-enable-sc-no-app-protocol.json")) {
      Evaluation intact = CHECK.evaluate(EventParser.parse(bytesOf(sample, List.of())), CONTEXT);
      assertEquals(List.of("SC002"), intact.findings().stream().map(Finding::ruleId).toList());
      damage.forEach(
          (what, mutations) -> {
            Evaluation damaged =
                CHECK.evaluate(EventParser.parse(bytesOf(sample, mutations)), CONTEXT);
            assertFalse(damaged.evaluable(), () -> sample + ", " + what + ": " + damaged);
            assertEquals(
                List.of("EV001"), damaged.findings().stream().map(Finding::ruleId).toList());
          });
    }
  }

  private static byte[] bytesOf(String sample, List<JsonMutation> mutations) {
    return JsonMutation.apply(SERVICE_EVENTS.get(sample), mutations);
  }

  /** ClusterDeletionParser: a deletion, or MalformedEventException naming the event. */
  @Test
  void clusterDeletionParser_valueOrMalformed() {
    Cases.check(
        "clusterDeletionParser_valueOrMalformed",
        500,
        CLUSTER_EVENT_CASES,
        event -> {
          JsonNode tree = event.tree();
          if (tree == null) {
            Cases.count("result", "not JSON");
            return; // the handler and the command line never call it on bytes that are not JSON
          }
          try {
            ClusterDeletion deletion = ClusterDeletionParser.parse(tree);
            assertNotNull(deletion.eventTime(), event::toString);
            assertEquals(RequiredFields.expectedEventId(tree), deletion.eventId());
            if (!deletion.failed()) {
              assertNotNull(deletion.clusterName(), event::toString);
            }
            if (deletion.namespace() != null) {
              assertFalse(deletion.namespace().isBlank());
            }
            Cases.count("result", "parsed");
          } catch (MalformedEventException e) {
            assertTrue(
                e.getMessage().startsWith("event " + RequiredFields.expectedEventId(tree) + ": "),
                e::getMessage);
            Cases.count("result", "MalformedEventException");
          }
        });
  }

  /** AlarmStateChangeParser: an alarm change that renders, or MalformedEventException. */
  @Test
  void alarmStateChangeParser_valueOrMalformed() {
    Cases.check(
        "alarmStateChangeParser_valueOrMalformed",
        500,
        ALARM_EVENT_CASES,
        event -> {
          JsonNode tree = event.tree();
          if (tree == null) {
            Cases.count("result", "not JSON");
            return;
          }
          try {
            AlarmStateChange alarm = AlarmStateChangeParser.parse(tree);
            assertFalse(alarm.clusterName().isBlank());
            assertFalse(alarm.serviceName().isBlank());
            assertFalse(alarm.alarmName().isBlank());
            assertFalse(alarm.state().isBlank());
            if (alarm.fired()) {
              assertRenderable(SidecarAlarmNotificationsTest.fired(alarm));
            } else if (alarm.recovered()) {
              assertRenderable(SidecarAlarmNotificationsTest.recovered(alarm));
            }
            Cases.count("result", "parsed");
          } catch (MalformedEventException e) {
            assertTrue(e.getMessage().startsWith("event "), e::getMessage);
            Cases.count("result", "MalformedEventException");
          }
        });
  }

  /** TaskDefinitionReader: a task definition with a family, or MalformedEventException. */
  @Test
  void taskDefinitionReader_valueOrMalformed() {
    Cases.check(
        "taskDefinitionReader_valueOrMalformed",
        500,
        TASK_DEFINITION_CASES,
        file -> {
          JsonNode tree;
          try {
            tree = StrictJson.parse(file.bytes(), file.sample());
          } catch (MalformedEventException e) {
            Cases.count("result", "not JSON");
            return;
          }
          try {
            TaskDefinitionView td = TaskDefinitionReader.read(tree, file.sample());
            assertNotNull(td.family());
            td.portNames();
            td.containerMemoryMib();
            td.containerCpuUnits();
            Cases.count("result", "parsed");
          } catch (MalformedEventException e) {
            assertFalse(e.getMessage().isBlank());
            Cases.count("result", "MalformedEventException");
          }
        });
  }

  /** Policy.parse: a policy, or InvalidPolicyException (its documented exception). */
  @Test
  void policyParse_valueOrInvalidPolicy() {
    Cases.check(
        "policyParse_valueOrInvalidPolicy",
        500,
        POLICY_CASES,
        document -> {
          String text = new String(document.bytes(), StandardCharsets.UTF_8);
          try {
            Policy policy = Policy.parse(text);
            assertNotNull(policy.defaultMode());
            assertEquals(
                dev.ecsguardrail.policy.RuleMode.REPORT,
                policy.modeOf(UnevaluableEventRule.INFO.id()));
            Cases.count("result", "parsed");
          } catch (InvalidPolicyException e) {
            assertFalse(e.getMessage().isBlank());
            Cases.count("result", "InvalidPolicyException");
          } catch (RuntimeException e) {
            fail(document + " threw " + e, e);
          }
        });
  }

  /** One line under 100 characters, chat JSON, the whole message within SNS's limit. */
  static void assertRenderable(Notification n) {
    assertTrue(n.subject().length() < 100, n::subject);
    assertTrue(
        n.subject().chars().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029),
        n::subject);
    JsonNode chat = StrictJson.parse(n.chat().getBytes(StandardCharsets.UTF_8), "chat");
    assertTrue(chat.path("content").path("title").isTextual());
    assertFalse(chat.path("content").path("title").asText().contains("\n"), n::chat);
    StrictJson.parse(n.json().getBytes(StandardCharsets.UTF_8), "json");
    assertTrue(n.snsSize() <= SNS_LIMIT, () -> n.snsSize() + " bytes");
  }
}
