package dev.ecsguardrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.check.Evaluation;
import dev.ecsguardrail.check.ServiceChangeCheck;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.AlarmStateChange;
import dev.ecsguardrail.event.AlarmStateChangeParser;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.event.ClusterDeletionParser;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.MalformedEventException;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.StrictJson;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.notify.DecisionJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.notify.SidecarAlarmNotifications;
import dev.ecsguardrail.orphan.ClusterDeletionCheck;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import dev.ecsguardrail.rules.SidecarMemoryAlarmRule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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

/**
 * The command line ({@code bin/ecs-guardrail}): {@code check} runs the Lambda's evaluation on a
 * file. Exit 0: nothing at or above {@code --fail-on}; 1: something is; 2: the input could not be
 * evaluated (one line on stderr, never a stack trace).
 */
public final class Main {

  static final int OK = 0;
  static final int FINDINGS = 1;
  static final int UNEVALUABLE = 2;

  static final String USAGE =
      """
      usage: ecs-guardrail check --event FILE [--task-definition FILE]... [options]
             ecs-guardrail check --service FILE --task-definition FILE... [options]
             ecs-guardrail scan [--format json|text|email] [--region R] [--fail-on SEVERITY]
                                [--policy FILE]
             ecs-guardrail cleanup --namespace ARN [--yes]
        --event FILE            an EventBridge "AWS API Call via CloudTrail" event (CreateService,
                                UpdateService); context is read from AWS (AWS_ENDPOINT_URL honoured)
                                unless --task-definition files are given
        --service FILE          a planned CreateService request body, checked before it is sent
        --task-definition FILE  a RegisterTaskDefinition body or DescribeTaskDefinition response;
                                repeatable; offline: cluster settings are then not checked
        --region REGION         Region of a planned service (default: AWS_REGION, else us-east-1)
        --format json|email|chat  output (default json): the decision as JSON, or the e-mail
                                text / the Slack (AWS Chatbot) message that would be sent
        --policy FILE           a policy document ({"default":..,"rules":{"SC002":"enforce",..}});
                                default: every rule reports
        --fail-on LOW|MEDIUM|HIGH  lowest severity that exits 1 (default MEDIUM)
      scan: sweeps the account (Cloud Map namespaces and services left behind, with $/month)
        and re-runs the service rules on every service (the standing findings); exit 0 clean,
        1 something left behind or a finding at --fail-on or above, 2 the sweep could not see
        everything
      cleanup: re-checks that the namespace is an orphan, prints what it would delete, and
        deletes (instances, services, namespace) only with --yes
      An --event with a DeleteCluster call checks at once whether the cluster's namespace was
      left behind (against AWS, or AWS_ENDPOINT_URL). An --event with a "CloudWatch Alarm State
      Change" of a proxy-memory alarm prints the SM001 alert or recovery it sends (offline).
      """;

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  int run(String[] args) {
    try {
      if (args.length > 0 && ("scan".equals(args[0]) || "cleanup".equals(args[0]))) {
        Arguments rest =
            new Arguments(List.of(args).subList(1, args.length), CleanupCommand.SWITCHES);
        return "scan".equals(args[0])
            ? new ScanCommand(out, err).run(rest)
            : new CleanupCommand(out, err).run(rest);
      }
      Options options = Options.parse(args);
      if (options.event() != null) {
        JsonNode envelope = StrictJson.treeOrNull(read(options.event()));
        if (ClusterDeletionParser.isClusterDeletion(envelope)) {
          return checkDeletion(ClusterDeletionParser.parse(envelope), options);
        }
        if (AlarmStateChangeParser.isAlarmStateChange(envelope)) {
          return checkAlarm(AlarmStateChangeParser.parse(envelope), options);
        }
      }
      Evaluation evaluation = evaluate(options);
      Decision decision =
          new PolicyEngine(options.policy(), false)
              .decide(evaluation, tagsInEvent(evaluation), LocalDate.now(ZoneOffset.UTC));
      out.println(options.format().render(decision));
      if (!evaluation.evaluable()) {
        err.println(
            oneLine(
                "ecs-guardrail: cannot evaluate "
                    + evaluation.eventId()
                    + ": "
                    + evaluation.reason()));
        return UNEVALUABLE;
      }
      boolean failing =
          decision.alerted().stream()
              .anyMatch(v -> v.finding().severity().atLeast(options.failOn()));
      return failing ? FINDINGS : OK;
    } catch (UsageException e) {
      err.println(oneLine("ecs-guardrail: " + e.getMessage()));
      err.print(USAGE);
      return UNEVALUABLE;
    } catch (MalformedEventException e) {
      err.println(oneLine("ecs-guardrail: " + e.getMessage()));
      return UNEVALUABLE;
    } catch (RuntimeException e) {
      // AWS unreachable, no credentials, ...: one line, no stack trace.
      err.println(
          oneLine(
              "ecs-guardrail: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())));
      return UNEVALUABLE;
    }
  }

  /** A DeleteCluster: is its namespace left behind? Checked now, against AWS (no delay). */
  private int checkDeletion(ClusterDeletion deletion, Options options) {
    String region = deletion.region() == null ? options.region() : deletion.region();
    ClusterDeletionCheck.Outcome outcome =
        new ClusterDeletionCheck(
                InventoryGateway.of(AwsClients.forRegion(region)),
                new OrphanFinder(PriceTable.bundled().cloudMap(region)))
            .check(deletion, Instant.now().plus(Duration.ofMinutes(5)));
    if (outcome.orphan() != null && options.format() != Format.JSON) {
      Notification n = OrphanNotifications.leftBehind(deletion, outcome.orphan());
      out.println(options.format() == Format.EMAIL ? n.email() : Format.prettyJson(n.chat()));
    } else {
      ObjectNode json = StrictJson.MAPPER.createObjectNode();
      json.put("eventId", deletion.eventId());
      json.put("cluster", deletion.clusterName());
      json.put("status", outcome.status().name());
      json.put("detail", outcome.detail());
      json.put("namespace", outcome.namespaceArn());
      if (outcome.orphan() != null) {
        json.set("orphan", ScanJson.orphan(outcome.orphan()));
      }
      out.println(json.toPrettyString());
    }
    return switch (outcome.status()) {
      case INCOMPLETE -> {
        err.println(oneLine("ecs-guardrail: " + outcome.detail()));
        yield UNEVALUABLE;
      }
      case ORPHAN ->
          OrphanedNamespaceRule.INFO.severity().atLeast(options.failOn()) ? FINDINGS : OK;
      default -> OK;
    };
  }

  /** A proxy-memory alarm's state change, offline: the message it would send, if any. */
  private int checkAlarm(AlarmStateChange alarm, Options options) {
    Optional<Notification> n =
        alarm.fired()
            ? Optional.of(SidecarAlarmNotifications.fired(alarm))
            : alarm.recovered()
                ? Optional.of(SidecarAlarmNotifications.recovered(alarm))
                : Optional.empty();
    if (n.isEmpty()) {
      ObjectNode json = StrictJson.MAPPER.createObjectNode();
      json.put("eventId", alarm.eventId());
      json.put("alarmArn", alarm.alarmArn());
      json.put("state", alarm.state());
      json.put("previousState", alarm.previousState());
      json.put("detail", "logged only: no alert for this state change");
      out.println(json.toPrettyString());
      return OK;
    }
    out.println(
        switch (options.format()) {
          case EMAIL -> n.get().email();
          case CHAT -> Format.prettyJson(n.get().chat());
          case JSON -> Format.prettyJson(n.get().json());
        });
    return alarm.fired() && SidecarMemoryAlarmRule.INFO.severity().atLeast(options.failOn())
        ? FINDINGS
        : OK;
  }

  private static Evaluation evaluate(Options options) {
    ServiceChangeCheck check = new ServiceChangeCheck(RuleCatalog.SERVICE_RULES);
    List<dev.ecsguardrail.model.TaskDefinitionView> taskDefinitions = new ArrayList<>();
    for (Path file : options.taskDefinitions()) {
      taskDefinitions.add(TaskDefinitionReader.read(readJson(file), file.getFileName().toString()));
    }
    if (options.service() != null) {
      ServiceChange planned = planned(options.service(), options.region());
      return check.evaluate(planned, new FileContextSource(taskDefinitions));
    }
    ParsedEvent event = EventParser.parse(read(options.event()));
    ContextSource context =
        !taskDefinitions.isEmpty() || !(event instanceof ServiceChange change)
            ? new FileContextSource(taskDefinitions)
            : AwsContextSource.of(AwsClients.forRegion(change.region()));
    return check.evaluate(event, context);
  }

  /**
   * Offline, exemptions come from the tags the event carries: a CreateService's own, none for a
   * CreateService that sent none; the cluster's are not read.
   */
  private static ResourceTags tagsInEvent(Evaluation evaluation) {
    ServiceChange change = evaluation.change();
    if (change == null || change.evaluated() == null) {
      return ResourceTags.UNKNOWN;
    }
    Map<String, String> tags = change.evaluated().tags();
    if (tags == null && "CreateService".equals(change.eventName())) {
      tags = Map.of();
    }
    return new ResourceTags(tags, null);
  }

  /** A CreateService request body, as if it had just been sent. */
  private static ServiceChange planned(Path file, String region) {
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

  private static JsonNode readJson(Path file) {
    return StrictJson.parse(read(file), file.toString());
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MalformedEventException(
          "cannot read " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * The one line stderr gets: event ids, names and error messages come from the file, and a line
   * break or a control character in one of them must not make two lines (or move the cursor).
   */
  static String oneLine(String message) {
    return message.replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}]", " ");
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** A command-line mistake: reported with the usage text. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private static final java.util.Set<String> FLAGS =
      java.util.Set.of(
          "--event",
          "--service",
          "--task-definition",
          "--region",
          "--format",
          "--fail-on",
          "--policy");

  /** What {@code check} prints. */
  enum Format {
    JSON,
    EMAIL,
    CHAT;

    String render(Decision decision) {
      return switch (this) {
        case JSON -> DecisionJson.toPrettyString(decision);
        case EMAIL -> NotificationRenderer.render(decision).email();
        case CHAT -> prettyJson(NotificationRenderer.render(decision).chat());
      };
    }

    static String prettyJson(String json) {
      try {
        return StrictJson.MAPPER
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(StrictJson.MAPPER.readTree(json));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("the chat message is JSON", e);
      }
    }
  }

  record Options(
      Path event,
      Path service,
      List<Path> taskDefinitions,
      String region,
      Format format,
      Severity failOn,
      Policy policy) {

    static Options parse(String[] args) {
      if (args.length == 0 || !"check".equals(args[0])) {
        throw new UsageException(
            args.length == 0 ? "no command" : "unknown command '" + args[0] + "'");
      }
      Path event = null;
      Path service = null;
      List<Path> taskDefinitions = new ArrayList<>();
      String region = System.getenv("AWS_REGION");
      Format format = Format.JSON;
      Severity failOn = Severity.MEDIUM;
      Policy policy = Policy.DEFAULTS;
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (!FLAGS.contains(flag)) {
          throw new UsageException("unknown option '" + flag + "'");
        }
        if (i + 1 >= args.length) {
          throw new UsageException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--event" -> event = Path.of(value);
          case "--service" -> service = Path.of(value);
          case "--task-definition" -> taskDefinitions.add(Path.of(value));
          case "--region" -> region = value;
          case "--format" -> format = format(value);
          case "--fail-on" -> failOn = severity(value);
          case "--policy" -> policy = Arguments.policy(Path.of(value));
          default -> throw new UsageException("unknown option '" + flag + "'");
        }
      }
      if ((event == null) == (service == null)) {
        throw new UsageException("give exactly one of --event and --service");
      }
      if (service != null && taskDefinitions.isEmpty()) {
        throw new UsageException("--service needs the task definition: --task-definition FILE");
      }
      return new Options(
          event,
          service,
          taskDefinitions,
          region == null || region.isBlank() ? "us-east-1" : region,
          format,
          failOn,
          policy);
    }

    private static Format format(String value) {
      return switch (value) {
        case "json" -> Format.JSON;
        case "email" -> Format.EMAIL;
        case "chat" -> Format.CHAT;
        default -> throw new UsageException("--format is json, email or chat, not '" + value + "'");
      };
    }

    private static Severity severity(String value) {
      return Arguments.severity(value);
    }
  }
}
