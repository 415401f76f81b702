package dev.ecsguardrail.handler;

import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.ServiceChangeCheck;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run the pure path (Jackson, every rule, the renderer) on
 * bundled sample events so that the restored environment starts with those classes loaded and
 * compiled. No network, and nothing unique (ids, credentials, clocks) is captured.
 */
public final class Priming implements Resource {

  /** Sample events bundled in the jar (copied from {@code events/}). */
  static final List<String> SAMPLES =
      List.of(
          "create-service-sc-grpc-no-headroom.json",
          "create-service-sc-no-app-protocol.json",
          "create-service-codedeploy-rejected.json",
          "malformed-no-detail.json");

  private static final String SAMPLE_TASK_DEFINITION = "taskdefs/orders-grpc.json";
  private static final Priming INSTANCE = new Priming();

  /** Fixed, so the snapshot holds nothing that depends on when it was taken. */
  private static final PolicyEngine PRIMING_POLICY = new PolicyEngine(Policy.DEFAULTS, false);

  private static final java.time.LocalDate PRIMING_DAY = java.time.LocalDate.of(2026, 1, 1);

  private Priming() {}

  static void register() {
    // org.crac keeps a weak reference: the static INSTANCE keeps the resource alive.
    Core.getGlobalContext().register(INSTANCE);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {}

  /**
   * Runs the pure path (parse, rules, policy, chat/e-mail/JSON rendering) on every sample; returns
   * the evaluations (the tests look at them).
   */
  static List<Evaluation> prime() {
    TaskDefinitionView td =
        TaskDefinitionReader.read(
            StrictJson.parse(resource(SAMPLE_TASK_DEFINITION), "sample"), "sample");
    ContextSource offline = new FixedContext(td);
    ServiceChangeCheck check = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);
    List<Evaluation> evaluations = new ArrayList<>();
    for (String sample : SAMPLES) {
      Evaluation evaluation = check.evaluate(EventParser.parse(resource(sample)), offline);
      Decision decision =
          PRIMING_POLICY.decide(evaluation, new ResourceTags(Map.of(), Map.of()), PRIMING_DAY);
      NotificationRenderer.render(decision);
      evaluations.add(evaluation);
    }
    return evaluations;
  }

  private static byte[] resource(String name) {
    try (InputStream in = Priming.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample event " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every task definition reference answers with the one sample; no cluster, no namespace. */
  private record FixedContext(TaskDefinitionView td) implements ContextSource {
    @Override
    public TaskDefinitionView taskDefinition(String reference) {
      return td;
    }

    @Override
    public Optional<ClusterView> cluster(String reference) {
      return Optional.of(
          new ClusterView(
              "arn:aws:ecs:us-east-1:000000000000:cluster/prime", "prime", null, Map.of()));
    }

    @Override
    public Optional<NamespaceView> namespace(String reference) {
      return Optional.empty();
    }

    @Override
    public Optional<Map<String, String>> tags(String resourceArn) {
      return Optional.of(Map.of());
    }
  }
}
