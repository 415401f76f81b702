package dev.ecsguardrail.props;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.RuleCatalog;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The largest inputs the function can get: an EventBridge event of 256 KB (its limit), and a task
 * definition with the most containers ECS allows (10) and many port mappings each.
 */
class SizeLimitsTest {

  /** EventBridge's limit for an event, and SNS's for a message with its attributes. */
  static final int EVENT_LIMIT = 256 * 1024;

  static final int SNS_LIMIT = 262_144;

  /** The function's memory (template.yaml, MemorySize of ServiceChangeFunction). */
  static final long FUNCTION_MEMORY = 1024L * 1024 * 1024;

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
  private static final ServiceChangeCheck CHECK = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);

  private static ObjectNode sample(String name) {
    return (ObjectNode) Mutations.samples("", n -> n.equals(name)).get(name).deepCopy();
  }

  /** Bytes allocated on this thread by {@code work}, and its result. */
  private static <T> Map.Entry<Long, T> allocated(Supplier<T> work) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    T result = work.get();
    return Map.entry(threads.getCurrentThreadAllocatedBytes() - before, result);
  }

  private static Notification render(Evaluation evaluation) {
    Decision decision =
        new PolicyEngine(Policy.DEFAULTS, false).decide(evaluation, ResourceTags.UNKNOWN, TODAY);
    return NotificationRenderer.render(decision);
  }

  private static void assertFitsSns(Notification n) {
    assertTrue(n.snsSize() <= SNS_LIMIT, () -> n.snsSize() + " bytes");
    assertTrue(n.subject().length() < 100, n::subject);
    StrictJson.parse(n.chat().getBytes(StandardCharsets.UTF_8), "chat");
    StrictJson.parse(n.json().getBytes(StandardCharsets.UTF_8), "json");
    StrictJson.parse(n.snsMessage().getBytes(StandardCharsets.UTF_8), "message");
  }

  /** The SC002 sample padded to just under 256 KB: {@code tags} and {@code apply} add the bulk. */
  private static byte[] padded(java.util.function.Consumer<ObjectNode> apply) {
    ObjectNode event = sample("create-service-sc-no-app-protocol.json");
    apply.accept(event);
    ArrayNode tags = (ArrayNode) event.at("/detail/requestParameters/tags");
    for (int i = 0; ; i++) {
      byte[] bytes = event.toString().getBytes(StandardCharsets.UTF_8);
      if (bytes.length > EVENT_LIMIT - 200) {
        return bytes;
      }
      tags.addObject().put("key", "cost-centre-" + i).put("value", "v".repeat(90));
    }
  }

  @Test
  void largestEvent_manyTags_parsesEvaluatesAndRendersWithinLimits() {
    byte[] event = padded(e -> {});
    assertTrue(event.length <= EVENT_LIMIT && event.length > EVENT_LIMIT - 1024, event.length + "");

    long start = System.nanoTime();
    var run =
        allocated(
            () -> {
              Evaluation evaluation =
                  CHECK.evaluate(EventParser.parse(event), SampleContext.samples());
              return Map.entry(evaluation, render(evaluation));
            });
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    Evaluation evaluation = run.getValue().getKey();
    assertTrue(evaluation.evaluable(), evaluation::reason);
    assertEquals(List.of("SC002"), ruleIds(evaluation));
    ServiceChange change = assertInstanceOf(ServiceChange.class, evaluation.change());
    assertTrue(change.requested().tags().size() > 1_500, "the tags were read");
    assertFitsSns(run.getValue().getValue());
    assertTrue(
        run.getKey() < FUNCTION_MEMORY / 8,
        () -> run.getKey() / (1024 * 1024) + " MiB allocated for one 256 KB event");
    assertTrue(took.toSeconds() < 10, () -> "took " + took.toMillis() + " ms");
  }

  /**
   * Long strings where the messages quote them: a 100 KB user agent (its first token becomes the
   * tool) and a 100 KB principal. Before, the message came out at 409,885 bytes and SNS would have
   * refused it (the invocation failing until the event was dead-lettered); the renderer now cuts
   * the longest texts before it leaves findings out.
   */
  @Test
  void largestEvent_longQuotedStrings_theMessageStillFitsSns() {
    byte[] event =
        padded(
            e -> {
              ObjectNode detail = (ObjectNode) e.get("detail");
              detail.put("userAgent", "Tool" + "x".repeat(100_000) + "/1.0 other/2");
              ((ObjectNode) detail.get("userIdentity"))
                  .put("arn", "arn:aws:sts::123456789012:assumed-role/" + "r".repeat(100_000));
            });

    Evaluation evaluation = CHECK.evaluate(EventParser.parse(event), SampleContext.samples());
    Notification n = render(evaluation);

    assertEquals(List.of("SC002"), ruleIds(evaluation));
    assertTrue(evaluation.change().caller().tool().length() > 100_000);
    assertFitsSns(n);
    assertTrue(n.email().contains("SC002"), "the finding is still there");
    assertTrue(n.email().contains("…"), "and the long texts say they were cut");
  }

  /**
   * 10 containers (ECS's maximum) of 10 named port mappings, every other one without appProtocol.
   */
  private static JsonNode maxTaskDefinition() {
    ObjectNode td =
        StrictJson.MAPPER
            .createObjectNode()
            .put("family", "big")
            .put("networkMode", "awsvpc")
            .put("cpu", "4096")
            .put("memory", "16384");
    td.putArray("requiresCompatibilities").add("FARGATE");
    ArrayNode containers = td.putArray("containerDefinitions");
    for (int c = 0; c < 10; c++) {
      ObjectNode container =
          containers.addObject().put("name", "c" + c).put("cpu", 128).put("memory", 512);
      ArrayNode ports = container.putArray("portMappings");
      for (int p = 0; p < 10; p++) {
        ObjectNode port =
            ports
                .addObject()
                .put("name", "p" + c + "-" + p)
                .put("containerPort", 8000 + c * 10 + p);
        if (p % 2 == 0) {
          port.put("appProtocol", "http");
        }
      }
    }
    return td;
  }

  @Test
  void maxContainersAndManyPorts_eachPortIsJudged() {
    FileContextSource context =
        new FileContextSource(List.of(TaskDefinitionReader.read(maxTaskDefinition(), "big.json")));
    ObjectNode event = sample("create-service-sc-no-app-protocol.json");
    ObjectNode service = (ObjectNode) event.at("/detail/responseElements/service");
    service.put("taskDefinition", "big:1");
    ObjectNode deployment = (ObjectNode) service.at("/deployments/0");
    deployment.put("taskDefinition", "big:1");
    ArrayNode services = (ArrayNode) deployment.at("/serviceConnectConfiguration/services");
    services.removeAll();
    for (int c = 0; c < 10; c++) {
      for (int p = 0; p < 10; p++) {
        services.addObject().put("portName", "p" + c + "-" + p).put("discoveryName", "d" + c + p);
      }
    }
    services.addObject().put("portName", "p10-0").put("discoveryName", "wrong");

    Evaluation evaluation =
        CHECK.evaluate(
            EventParser.parse(event.toString().getBytes(StandardCharsets.UTF_8)), context);

    assertTrue(evaluation.evaluable(), evaluation::reason);
    Map<String, List<Finding>> byRule =
        evaluation.findings().stream().collect(Collectors.groupingBy(Finding::ruleId));
    assertEquals(
        java.util.Set.of("SC002", "SC003"), byRule.keySet(), () -> ruleIds(evaluation).toString());
    List<String> sc002 = byRule.get("SC002").stream().map(Finding::path).sorted().toList();
    assertEquals(50, sc002.size(), sc002::toString);
    for (int c = 0; c < 10; c++) {
      for (int p = 1; p < 10; p += 2) {
        assertTrue(
            sc002.contains("containerDefinitions[c" + c + "].portMappings[p" + c + "-" + p + "]"),
            "c" + c + " p" + p);
      }
    }
    assertEquals(1, byRule.get("SC003").size());
    assertEquals(
        "serviceConnectConfiguration.services[100].portName",
        byRule.get("SC003").getFirst().path());
    Notification n = render(evaluation);
    assertFitsSns(n);
    assertTrue(n.email().contains("p9-9") || n.email().contains("more findings"), n::email);
  }

  private static List<String> ruleIds(Evaluation evaluation) {
    return evaluation.findings().stream().map(Finding::ruleId).distinct().toList();
  }
}
