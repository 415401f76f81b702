package dev.ecsguardrail.handler;

import dev.ecsguardrail.alarm.AlarmPlanner;
import dev.ecsguardrail.alarm.SidecarAlarmSettings;
import dev.ecsguardrail.alarm.WatchedService;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.HookRequestParser;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.HookCheck;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.HookResponse;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, each function runs its own path on bundled samples —
 * Jackson, the rules, the policy, the renderers, and the SDK calls of its gateways against canned
 * answers — so the restored environment starts with those classes loaded and compiled. No network,
 * and nothing unique (ids, credentials, clocks) is captured.
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

  /** org.crac keeps weak references: this list keeps the registered resources alive. */
  private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

  /** Fixed, so the snapshot holds nothing that depends on when it was taken. */
  private static final PolicyEngine PRIMING_POLICY = new PolicyEngine(Policy.DEFAULTS, false);

  private static final LocalDate PRIMING_DAY = LocalDate.of(2026, 1, 1);

  private final List<Runnable> steps;

  private Priming(List<Runnable> steps) {
    this.steps = List.copyOf(steps);
  }

  /** A function's priming: its steps run, in order, before the snapshot. */
  static void register(Runnable... steps) {
    Priming priming = new Priming(List.of(steps));
    REGISTERED.add(priming);
    Core.getGlobalContext().register(priming);
  }

  /** What was registered, in order (the tests run its checkpoint hook). */
  static List<Priming> registered() {
    return List.copyOf(REGISTERED);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    steps.forEach(Runnable::run);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {}

  /**
   * The service check's pure path (parse, rules, policy, chat/e-mail/JSON rendering) on every
   * sample; returns the evaluations (the tests look at them).
   */
  static List<Evaluation> serviceChecks() {
    List<Evaluation> evaluations = new ArrayList<>();
    for (String sample : SAMPLES) {
      evaluations.add(decide(sample).evaluation());
    }
    return evaluations;
  }

  /** The service check's message, published to a canned SNS. */
  static void serviceCheckAlert() {
    SdkPriming.sns(NotificationRenderer.render(decide(SAMPLES.get(1))));
  }

  /** The DeleteCluster check's parse and NS001 message, published to a canned SNS. */
  static Notification clusterDeletions() {
    ClusterDeletion deletion =
        ClusterDeletionParser.parse(json("cluster/delete-cluster-left-namespace.json"));
    ClusterDeletionCheck.Outcome outcome =
        new ClusterDeletionCheck.Outcome(
            ClusterDeletionCheck.Status.ORPHAN,
            SAMPLE_ORPHAN.reason(),
            SAMPLE_ORPHAN.arn(),
            SAMPLE_ORPHAN,
            null,
            Map.of());
    Decision decision =
        new PolicyEngine(Policy.DEFAULTS, false)
            .decide(outcome.evaluation(deletion), outcome.tags(), PRIMING_DAY);
    Notification n = OrphanNotifications.leftBehind(deletion, SAMPLE_ORPHAN, decision);
    SdkPriming.sns(n);
    return n;
  }

  /** The weekly digest's rendering, published to a canned SNS. */
  static Notification digests() {
    SweepResult sweep =
        new SweepResult("000000000000", "us-east-1", true, List.of(), List.of(SAMPLE_ORPHAN));
    Notification n = OrphanNotifications.digest(sweep, Optional.empty(), PRIMING_DAY);
    SdkPriming.sns(n);
    return n;
  }

  /** The alarm alert's parse and SM001 message and recovery, published to a canned SNS. */
  static List<Notification> alarmAlerts() {
    AlarmStateChange fired = AlarmStateChangeParser.parse(json("alarm/sidecar-memory-alarm.json"));
    AlarmStateChange ok = AlarmStateChangeParser.parse(json("alarm/sidecar-memory-ok.json"));
    PolicyEngine engine = new PolicyEngine(Policy.DEFAULTS, false);
    List<Notification> sent =
        List.of(
            SidecarAlarmNotifications.fired(
                fired,
                engine.decide(
                    SidecarAlarmGuard.evaluation(fired), ResourceTags.UNKNOWN, PRIMING_DAY)),
            SidecarAlarmNotifications.recovered(
                ok,
                engine.decide(
                    SidecarAlarmGuard.evaluation(ok), ResourceTags.UNKNOWN, PRIMING_DAY)));
    sent.forEach(SdkPriming::sns);
    return sent;
  }

  /** The hook's path on its samples: parse, the rules on a create and an update, the response. */
  static List<com.fasterxml.jackson.databind.node.ObjectNode> hookChecks() {
    List<com.fasterxml.jackson.databind.node.ObjectNode> responses = new ArrayList<>();
    for (String sample :
        List.of(
            "hook/create-service-no-app-protocol.json", "hook/update-service-to-codedeploy.json")) {
      Decision decision =
          new HookCheck(RuleCatalog.SERVICE_RULES)
              .check(
                  HookRequestParser.parse(json(sample)),
                  PRIMING_POLICY,
                  new FixedContext(taskDefinition()),
                  "us-east-1",
                  PRIMING_DAY);
      NotificationRenderer.render(decision);
      responses.add(HookResponse.toJson(decision, Severity.HIGH));
    }
    return responses;
  }

  /** The reconcile's plan for one gRPC service. */
  static void alarmPlans() {
    new AlarmPlanner(SidecarAlarmSettings.DEFAULTS)
        .plan(
            List.of(
                new WatchedService(
                    "prime", "prime", null, taskDefinition(), List.of("ecs-service-connect-x"))),
            Map.of(),
            true);
  }

  private static final Orphan SAMPLE_ORPHAN =
      new Orphan(
          Orphan.NAMESPACE,
          "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-prime",
          "prime",
          "HTTP",
          1,
          1,
          new BigDecimal("0.10"),
          "priming",
          List.of("aws servicediscovery delete-namespace --id ns-prime"));

  private static Decision decide(String sample) {
    ContextSource offline = new FixedContext(taskDefinition());
    Evaluation evaluation =
        new ServiceChangeCheck(RuleCatalog.SERVICE_RULES)
            .evaluate(EventParser.parse(SdkPriming.sample(sample)), offline);
    Decision decision =
        PRIMING_POLICY.decide(evaluation, new ResourceTags(Map.of(), Map.of()), PRIMING_DAY);
    NotificationRenderer.render(decision);
    return decision;
  }

  private static TaskDefinitionView taskDefinition() {
    return TaskDefinitionReader.read(json(SAMPLE_TASK_DEFINITION), "sample");
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String sample) {
    return StrictJson.parse(SdkPriming.sample(sample), sample);
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
