package dev.ecsguardrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.HookRequestParser;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ScheduledEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.HookCheck;
import dev.ecsguardrail.flow.InventorySource;
import dev.ecsguardrail.flow.PreDeployCheck;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.AlarmStateChange;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.HookRequest;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.notify.DecisionRenderer;
import dev.ecsguardrail.notify.HookResponse;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import dev.ecsguardrail.rules.SidecarMemoryAlarmRule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code check}: the Lambdas' evaluation on a file, printed in the one decision schema (or as the
 * text, e-mail or chat message). Every payload the functions take: a CloudTrail CreateService,
 * UpdateService or DeleteCluster event, a proxy-memory alarm's state change, or a planned
 * CreateService request body.
 */
final class CheckCommand implements Command {

  static final String HELP = HelpText.of("check");

  private static final Arguments.Spec SPEC =
      new Arguments.Spec(
          Set.of(
              "--terraform-plan",
              "--terraform-dir",
              "--template",
              "--parameter",
              "--previous-template",
              "--event",
              "--service",
              "--task-definition",
              "--inventory",
              "--region",
              "--account",
              "--format",
              "--policy",
              "--fail-on"),
          Set.of("--accept-partial"),
          true);

  /** A check on a laptop or in CI has no Lambda timeout: this bounds a stuck Cloud Map read. */
  private static final Duration BUDGET = Duration.ofMinutes(5);

  private final InputFiles files;
  private final PrintStream out;
  private final PrintStream err;

  CheckCommand(InputFiles files, PrintStream out, PrintStream err) {
    this.files = files;
    this.out = out;
    this.err = err;
  }

  @Override
  public Arguments.Spec spec() {
    return SPEC;
  }

  @Override
  public String help() {
    return HELP;
  }

  /** What the command was asked, read and checked. */
  private record Options(
      List<TaskDefinitionView> taskDefinitions,
      Optional<Inventory> inventory,
      String region,
      String format,
      FailOn failOn,
      Policy policy) {

    boolean offline() {
      return !taskDefinitions.isEmpty() || inventory.isPresent();
    }

    PolicyEngine engine() {
      return new PolicyEngine(policy, false); // the command line reports: it never enforces
    }
  }

  @Override
  public int run(Arguments args) {
    List<PreDeployFiles.Given> documents = PreDeployFiles.given(args);
    Optional<Path> event = args.path("--event");
    if (event.isEmpty() && documents.size() == 1 && documents.getFirst().isEvent(files)) {
      event = Optional.of(documents.getFirst().path());
      documents = List.of();
    }
    Optional<Path> service = args.path("--service");
    int inputs =
        (event.isPresent() ? 1 : 0) + (service.isPresent() ? 1 : 0) + (documents.isEmpty() ? 0 : 1);
    if (inputs != 1) {
      throw new Main.UsageException(
          "give one kind of input: FILE..., --terraform-plan/--template, --event or --service; see ecs-guardrail check --help");
    }
    if (args.has("--accept-partial") && documents.isEmpty()) {
      throw new Main.UsageException(
          "--accept-partial is for plans and templates (a hook request answers InternalFailure when a rule could not run)");
    }
    if (service.isPresent() && !args.has("--task-definition")) {
      throw new Main.UsageException("--service needs the task definition: --task-definition FILE");
    }
    String[] formats =
        DecisionRenderer.ALL.stream().map(DecisionRenderer::name).toArray(String[]::new);
    String format = args.oneOf("--format", formats[0], formats);
    FailOn failOn = new FailOn(args.severity(), args.has("--accept-partial"));
    Policy policy = args.policy(files);
    List<TaskDefinitionView> taskDefinitions = new ArrayList<>();
    for (String file : args.all("--task-definition")) {
      Path path = Path.of(file);
      taskDefinitions.add(TaskDefinitionReader.read(readJson(path), path.getFileName().toString()));
    }
    Optional<Inventory> inventory = args.path("--inventory").map(p -> FleetFile.read(readJson(p)));
    Options options =
        new Options(taskDefinitions, inventory, args.region(), format, failOn, policy);
    if (!documents.isEmpty()) {
      return checkPreDeploy(
          documents,
          PreDeployFiles.parameters(args),
          args.path("--previous-template"),
          args.account(),
          PreDeployFiles.terraformDir(args),
          options);
    }
    if (service.isPresent()) {
      return checkService(planned(service.get(), options.region()), options);
    }
    byte[] raw = files.read(event.get());
    JsonNode envelope = StrictJson.treeOrNull(raw);
    if (ClusterDeletionParser.isClusterDeletion(envelope)) {
      return checkDeletion(ClusterDeletionParser.parse(envelope), options);
    }
    if (AlarmStateChangeParser.isAlarmStateChange(envelope)) {
      AlarmStateChange alarm;
      try {
        alarm = AlarmStateChangeParser.parse(envelope);
      } catch (MalformedEventException e) {
        Decision decision =
            options
                .engine()
                .decide(
                    SidecarAlarmGuard.unreadable(
                        envelope.path("id").asText("unknown"), e.getMessage()),
                    ResourceTags.UNKNOWN,
                    today());
        return report(decision, () -> NotificationRenderer.render(decision), options);
      }
      return checkAlarm(alarm, options);
    }
    if (HookRequestParser.isHookRequest(envelope)) {
      // The hook refuses at HIGH unless the stack says otherwise (HookFailOn): so does check.
      return checkHook(
          raw,
          envelope,
          options,
          args.has("--fail-on") ? options.failOn().severity() : Severity.HIGH);
    }
    if (ScheduledEvent.isScheduledEvent(envelope)) {
      return checkSweep(ScheduledEvent.parse(envelope), options);
    }
    return checkService(EventParser.parse(raw), options);
  }

  private int checkService(ParsedEvent event, Options options) {
    ContextSource context =
        options.offline() || !(event instanceof ServiceChange change)
            ? new FileContextSource(options.taskDefinitions(), options.inventory())
            : AwsContextSource.of(AwsClients.forCommandLine(change.region()));
    Evaluation evaluation =
        new ServiceChangeCheck(RuleCatalog.SERVICE_RULES).evaluate(event, context);
    Decision decision =
        options.engine().decide(evaluation, offlineTags(evaluation, context), today());
    return report(decision, () -> NotificationRenderer.render(decision), options);
  }

  /**
   * A DeleteCluster: is its namespace left behind? Checked now (no delay), against AWS or the file.
   */
  private int checkDeletion(ClusterDeletion deletion, Options options) {
    String region = deletion.region() == null ? options.region() : deletion.region();
    InventorySource inventories =
        options
            .inventory()
            .<InventorySource>map(FleetFile.Source::new)
            .orElseGet(() -> InventoryGateway.of(AwsClients.forCommandLine(region)));
    ClusterDeletionCheck.Outcome outcome =
        new ClusterDeletionCheck(
                inventories, new OrphanFinder(PriceTable.bundled().cloudMap(region)))
            .check(deletion, Instant.now().plus(BUDGET));
    Decision decision =
        options.engine().decide(outcome.evaluation(deletion), outcome.tags(), today());
    return report(
        decision,
        () ->
            decision.alerted().isEmpty()
                ? NotificationRenderer.render(decision)
                : OrphanNotifications.leftBehind(deletion, outcome.orphan(), decision),
        options);
  }

  /** A proxy-memory alarm's state change, offline: the SM001 alert or recovery it sends. */
  private int checkAlarm(AlarmStateChange alarm, Options options) {
    PolicyEngine engine = options.engine();
    Decision decision =
        engine.decide(SidecarAlarmGuard.evaluation(alarm), ResourceTags.UNKNOWN, today());
    return report(
        decision,
        () -> {
          if (alarm.fired() && !decision.alerted().isEmpty()) {
            return SidecarAlarmNotifications.fired(alarm, decision);
          }
          boolean recoveryNoted =
              alarm.recovered()
                  && !engine.silences(
                      SidecarMemoryAlarmRule.INFO.id(), ResourceTags.UNKNOWN, today());
          return recoveryNoted
              ? SidecarAlarmNotifications.recovered(alarm, decision)
              : NotificationRenderer.render(decision);
        },
        options);
  }

  /**
   * A Scheduled Event: the weekly sweep of its account and Region, now (against AWS or the file),
   * as one decision: NS001 on what was left behind and the standing findings; not evaluable when
   * the sweep could not see everything.
   */
  private int checkSweep(ScheduledEvent event, Options options) {
    InventorySource inventories =
        options
            .inventory()
            .<InventorySource>map(FleetFile.Source::new)
            .orElseGet(() -> InventoryGateway.of(AwsClients.forCommandLine(event.region())));
    Instant now = Instant.now();
    SweepResult sweep =
        new SweepCheck(
                new OrphanFinder(PriceTable.bundled().cloudMap(event.region())),
                RuleCatalog.SERVICE_RULES)
            .judge(
                inventories.sweep(event.account(), event.region(), now.plus(BUDGET)),
                options.policy(),
                now,
                inventories::tags);
    Evaluation evaluation =
        new Evaluation(
            event.eventId(),
            OrphanNotifications.DIGEST,
            sweep.complete(),
            sweep.complete()
                ? sweep.checkedServices() + " services checked"
                : "the sweep could not see everything: " + String.join("; ", sweep.skipped()),
            sweep.findings().stream().map(v -> v.finding()).toList(),
            null,
            null);
    Decision decision = new Decision(evaluation, sweep.findings(), null, null);
    return report(
        decision, () -> OrphanNotifications.digest(sweep, Optional.empty(), today()), options);
  }

  /**
   * A CloudFormation hook request: the decision the hook function makes, and with {@code --format
   * hook} the very response it returns. Exit 0 SUCCESS, 1 NonCompliant, 2 InternalFailure.
   */
  private int checkHook(byte[] raw, JsonNode envelope, Options options, Severity failOn) {
    String token = HookRequestParser.token(envelope);
    Decision decision;
    try {
      HookRequest request = HookRequestParser.read(raw);
      String region = options.region();
      ContextSource context =
          options.offline()
              ? new FileContextSource(options.taskDefinitions(), options.inventory())
              : AwsContextSource.of(AwsClients.forCommandLine(region));
      decision =
          new HookCheck(RuleCatalog.SERVICE_RULES)
              .check(request, options.engine(), context, region, today());
    } catch (MalformedEventException e) {
      decision =
          options
              .engine()
              .decide(HookCheck.unreadable(token, e.getMessage()), ResourceTags.UNKNOWN, today());
    }
    Decision decided = decision;
    out.println(
        DecisionRenderer.named(options.format())
            .render(
                decided, () -> NotificationRenderer.render(decided), new FailOn(failOn, false)));
    HookResponse.Status status = HookResponse.status(decision, failOn);
    if (status == HookResponse.Status.INTERNAL_FAILURE) {
      err.println(
          Main.oneLine(
              "ecs-guardrail: the hook would fail (InternalFailure): "
                  + decision.evaluation().reason()));
      return Main.UNEVALUABLE;
    }
    return status == HookResponse.Status.NON_COMPLIANT ? Main.FINDINGS : Main.OK;
  }

  /** Plans and templates: every file read, every service evaluated; exit 2 if a file was not. */
  private int checkPreDeploy(
      List<PreDeployFiles.Given> files,
      Map<String, String> parameters,
      Optional<Path> previousTemplate,
      String account,
      Optional<Path> terraformDir,
      Options options) {
    PreDeployFiles read =
        PreDeployFiles.read(
            this.files,
            files,
            parameters,
            previousTemplate,
            options.region(),
            account,
            terraformDir);
    ContextSource context =
        new PreDeployContext(
            new FileContextSource(options.taskDefinitions(), options.inventory()),
            options.region());
    Decision decision =
        new PreDeployCheck(RuleCatalog.SERVICE_RULES, options.engine())
            .check(read.inputs(), read.unreadable(), context, options.region(), today());
    if (read.unreadable().isEmpty()) {
      return report(decision, () -> NotificationRenderer.render(decision), options);
    }
    print(decision, () -> NotificationRenderer.render(decision), options);
    // Each file not read is a line of its own, which names it once.
    read.unreadable().forEach(r -> err.println(Main.oneLine("ecs-guardrail: " + r.reason())));
    return Main.UNEVALUABLE;
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  /**
   * Prints the decision in the format asked for. Exit 2 when it could not be evaluated, 1 when a
   * finding at or above {@code --fail-on} is alerted or (unless {@code --accept-partial}) a rule at
   * or above it could not run, else 0.
   *
   * @param notification what would be sent, for the e-mail and chat formats
   */
  private int report(Decision decision, Supplier<Notification> notification, Options options) {
    print(decision, notification, options);
    Evaluation evaluation = decision.evaluation();
    if (!evaluation.evaluable()) {
      err.println(
          Main.oneLine(
              "ecs-guardrail: cannot evaluate "
                  + evaluation.eventId()
                  + ": "
                  + evaluation.reason()));
      return Main.UNEVALUABLE;
    }
    return options.failOn().fails(decision) ? Main.FINDINGS : Main.OK;
  }

  private void print(Decision decision, Supplier<Notification> notification, Options options) {
    out.println(
        DecisionRenderer.named(options.format()).render(decision, notification, options.failOn()));
  }

  /**
   * Offline, exemptions come from the tags the event carries (a CreateService that sent none
   * created a service with none) and the cluster's from the inventory file, when given.
   */
  private static ResourceTags offlineTags(Evaluation evaluation, ContextSource context) {
    ServiceChange change = evaluation.change();
    ServiceConfig service = change == null ? null : change.evaluated();
    if (service == null) {
      return ResourceTags.UNKNOWN;
    }
    Map<String, String> tags = service.tags();
    if (tags == null && "CreateService".equals(change.eventName())) {
      tags = Map.of();
    }
    Map<String, String> clusterTags;
    try {
      clusterTags = context.cluster(service.cluster()).map(c -> c.tags()).orElse(null);
    } catch (ContextUnavailableException e) {
      clusterTags = null;
    }
    return new ResourceTags(tags, clusterTags);
  }

  /** A CreateService request body, as if it had just been sent. */
  private ServiceChange planned(Path file, String region) {
    JsonNode body = readJson(file);
    if (!body.isObject()) {
      throw new MalformedEventException(
          file + " should be a CreateService request body (an object)");
    }
    return new ServiceChange(
        "planned:" + file.getFileName(),
        Instant.now(),
        "planned",
        region,
        "CreateService",
        new Caller("you", "ecs-guardrail check"),
        ServiceConfigReader.fromRequest(body, file.getFileName().toString(), true),
        null,
        null,
        null,
        EnumSet.allOf(ServiceAspect.class));
  }

  private JsonNode readJson(Path file) {
    return StrictJson.parse(files.read(file), InputFiles.display(file));
  }
}
