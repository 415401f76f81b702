package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pure path per event, as the Lambdas run it minus the AWS calls (the ledger, the context
 * lookups, SNS), in µs: {@link #serviceChange} parses a sample event of {@code events/}, runs every
 * service rule with the task definitions of {@code events/taskdefs} as context (offline, as {@code
 * ecs-guardrail check --event E --task-definition ...} reads them: no cluster, no namespace),
 * applies the default policy and renders the notification (chat, e-mail, JSON) when the Lambda
 * would send one; {@link #sidecarAlarm} reads a proxy-memory alarm and renders SM001. Issue 7's
 * target: at most 100 µs per event. Run: {@code bench/jmh [--quick]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// On a 2-core shared machine the JIT needs about 10 s before an event's time settles: with 5
// warm-up seconds the heavier events still ran 2-5 times slower in the measured ones. One fork
// keeps the run near 7 minutes; -f 2 adds another.
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 24+ warns about in every fork.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class PurePathBenchmark {

  /** The day exemptions are judged on: fixed, so runs compare. */
  static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

  /** One sample event of {@code events/}, read once. */
  @State(Scope.Benchmark)
  public static class ServiceChangeSample {

    /** Every {@code events/*.json}; {@link #setUp} fails when the directory has others. */
    @Param({
      "create-service-access-denied.json",
      "create-service-app-mesh.json",
      "create-service-cloud-map-scaled.json",
      "create-service-codedeploy-rejected.json",
      "create-service-host-network.json",
      "create-service-namespace-other-region.json",
      "create-service-no-service-connect.json",
      "create-service-port-name-mismatch.json",
      "create-service-sc-grpc-no-headroom.json",
      "create-service-sc-http-clean.json",
      "create-service-sc-no-app-protocol.json",
      "create-service-sc-tls.json",
      "create-service-windows-rejected.json",
      "malformed-no-detail.json",
      "malformed-wrong-types.json",
      "truncated-response.json",
      "update-service-codedeploy-rejected.json",
      "update-service-desired-count-only.json",
      "update-service-enable-sc-no-app-protocol.json",
      "update-service-force-new-deployment.json",
      "update-service-task-definition.json"
    })
    public String event;

    byte[] bytes;
    ServiceChangeCheck check;
    ContextSource context;
    PolicyEngine policy;

    @Setup
    public void setUp() throws Exception {
      List<String> listed =
          List.of(getClass().getField("event").getAnnotation(Param.class).value());
      List<String> samples =
          Project.events().stream().map(p -> p.getFileName().toString()).toList();
      if (!listed.equals(samples)) {
        throw new IllegalStateException(
            "PurePathBenchmark's @Param lists " + listed + " but events/ holds " + samples);
      }
      bytes = Files.readAllBytes(Project.EVENTS.resolve(event));
      check = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);
      List<TaskDefinitionView> taskDefinitions = new ArrayList<>();
      for (Path file : Project.taskDefinitions()) {
        String name = file.getFileName().toString();
        taskDefinitions.add(
            TaskDefinitionReader.read(StrictJson.parse(Files.readAllBytes(file), name), name));
      }
      context = new FileContextSource(taskDefinitions);
      policy = new PolicyEngine(Policy.DEFAULTS, false);
      // Not a benchmark of an early exit: every sample the rules can read finds its task
      // definition.
      Evaluation evaluation = check.evaluate(EventParser.parse(bytes), context);
      if (evaluation.reason() != null && evaluation.reason().startsWith("context unavailable")) {
        throw new IllegalStateException(event + ": " + evaluation.reason());
      }
    }
  }

  /** The proxy-memory alarm firing, read once. */
  @State(Scope.Benchmark)
  public static class AlarmSample {

    byte[] bytes;

    @Setup
    public void setUp() throws IOException {
      bytes = Files.readAllBytes(Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json"));
      if (!AlarmStateChangeParser.parse(StrictJson.treeOrNull(bytes)).fired()) {
        throw new IllegalStateException("alarm/sidecar-memory-alarm.json should be an ALARM");
      }
    }
  }

  /** ServiceChangeGuard's path: parse, evaluate, decide, render when it notifies. */
  @Benchmark
  public void serviceChange(ServiceChangeSample s, Blackhole bh) {
    Evaluation evaluation = s.check.evaluate(EventParser.parse(s.bytes), s.context);
    Decision decision =
        s.policy.decide(
            evaluation,
            evaluation.findings().isEmpty()
                ? ResourceTags.UNKNOWN
                : tags(evaluation.change(), s.context),
            TODAY);
    bh.consume(decision);
    if (decision.worthNotifying()) {
      bh.consume(NotificationRenderer.render(decision));
    }
  }

  /** SidecarAlarmGuard's path for an ALARM: read the event, render SM001. */
  @Benchmark
  public void sidecarAlarm(AlarmSample s, Blackhole bh) {
    JsonNode envelope = StrictJson.treeOrNull(s.bytes);
    AlarmStateChange alarm = AlarmStateChangeParser.parse(envelope);
    bh.consume(
        alarm.fired()
            ? SidecarAlarmNotifications.fired(
                alarm,
                new PolicyEngine(Policy.DEFAULTS, false)
                    .decide(
                        SidecarAlarmGuard.evaluation(alarm),
                        ResourceTags.UNKNOWN,
                        LocalDate.now(ZoneOffset.UTC)))
            : alarm);
  }

  /**
   * ServiceChangeGuard's exemption tags with an offline context: the event's own, none for a
   * CreateService that sent none, unknown otherwise (the context reads no tags and no clusters).
   */
  private static ResourceTags tags(ServiceChange change, ContextSource context) {
    ServiceConfig service = change == null ? null : change.evaluated();
    if (service == null) {
      return ResourceTags.UNKNOWN;
    }
    Map<String, String> serviceTags = service.tags();
    if (serviceTags == null && service.serviceArn() != null) {
      serviceTags = context.tags(service.serviceArn()).orElse(null);
    } else if (serviceTags == null && "CreateService".equals(change.eventName())) {
      serviceTags = Map.of();
    }
    Map<String, String> clusterTags =
        context.cluster(service.cluster()).map(ClusterView::tags).orElse(null);
    return new ResourceTags(serviceTags, clusterTags);
  }
}
