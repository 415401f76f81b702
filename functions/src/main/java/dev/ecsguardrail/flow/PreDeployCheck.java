package dev.ecsguardrail.flow;

import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.NamespaceView;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.PlannedService;
import dev.ecsguardrail.model.PlannedTaskDefinition;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.model.UnknownValueException;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Rule;
import dev.ecsguardrail.rules.ServiceSubject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The service rules on what a Terraform plan or a CloudFormation template is about to create or
 * update, each finding at its file and line, judged by the policy. A rule that reads a value the
 * input leaves unknown (or context that cannot be read) does not run on that service, which is then
 * listed as partly evaluated with the value it needs: never compliant by default. A rule that never
 * reads it gives its answer.
 */
public final class PreDeployCheck {

  public static final String KIND = "pre-deploy";

  /** The task definition's fields findings point at: located in the task definition. */
  private static final Set<String> TASK_DEFINITION_FIELDS =
      Set.of(
          "cpu",
          "memory",
          "networkMode",
          "requiresCompatibilities",
          "runtimePlatform",
          "proxyConfiguration",
          "containerDefinitions");

  private final List<Rule> rules;
  private final PolicyEngine engine;

  public PreDeployCheck(List<Rule> rules, PolicyEngine engine) {
    this.rules = List.copyOf(rules);
    this.engine = engine;
  }

  /**
   * @param unreadable the files that could not be read, reported as skipped
   * @param context task definitions named by ARN or family, clusters, namespaces
   * @param region the Region the services are meant for (prices, the namespace's Region)
   */
  public Decision check(
      List<PlannedInput> inputs,
      List<ResourceReport> unreadable,
      ContextSource context,
      String region,
      LocalDate today) {
    List<Verdict> verdicts = new ArrayList<>();
    List<ResourceReport> resources = new ArrayList<>();
    Map<String, List<String>> runBy = new LinkedHashMap<>();
    long services = 0;
    for (PlannedInput input : inputs) {
      Map<String, List<PlannedService>> readings =
          input.services().stream()
              .collect(
                  Collectors.groupingBy(
                      PlannedService::address, LinkedHashMap::new, Collectors.toList()));
      services += readings.size();
      for (List<PlannedService> service : readings.values()) {
        resources.add(evaluate(service, context, region, today, verdicts));
        service.stream()
            .map(PlannedService::taskDefinition)
            .filter(td -> td != null)
            .map(PlannedTaskDefinition::address)
            .distinct()
            .forEach(
                td ->
                    runBy
                        .computeIfAbsent(td, a -> new ArrayList<>())
                        .add(service.getFirst().address()));
      }
    }
    for (PlannedInput input : inputs) {
      for (PlannedTaskDefinition td : input.taskDefinitions()) {
        resources.add(taskDefinitionReport(td, runBy.getOrDefault(td.address(), List.of())));
      }
      resources.addAll(input.skipped());
    }
    resources.addAll(unreadable);
    long partly =
        resources.stream().filter(r -> r.status() == ResourceReport.Status.PARTIAL).count();
    String files = inputs.size() + (inputs.size() == 1 ? " file" : " files");
    String reason =
        inputs.isEmpty()
            ? unreadable.stream().map(ResourceReport::reason).findFirst().orElse("no input")
            : services
                + (services == 1 ? " service" : " services")
                + " in "
                + files
                + (partly > 0 ? ", " + partly + " partly evaluated" : "")
                + (unreadable.isEmpty() ? "" : "; " + unreadable.size() + " unreadable");
    String id =
        Stream.concat(
                inputs.stream().map(PlannedInput::file),
                unreadable.stream().map(ResourceReport::address))
            .collect(Collectors.joining(", "));
    Evaluation evaluation =
        new Evaluation(
            id,
            KIND,
            !inputs.isEmpty(),
            reason,
            verdicts.stream().map(Verdict::finding).toList(),
            null,
            null,
            resources);
    return new Decision(evaluation, verdicts, null, null);
  }

  private Run run(PlannedService service, ContextSource context, String region) {
    ContextSource own = new PlannedContext(service.taskDefinition(), service.cluster(), context);
    ServiceSubject subject =
        new ServiceSubject(service.config(), region, own, service.address(), service.replacement());
    List<Finding> findings = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    Map<String, String> notRun = new LinkedHashMap<>();
    for (Rule rule : rules) {
      if (rule.dependsOn().stream().noneMatch(service.changed()::contains)) {
        continue; // an update that leaves what the rule reads as it was: not re-judged
      }
      try {
        rule.evaluate(subject).forEach(f -> findings.add(f.at(locate(service, f.path()))));
        ran.add(rule.info().id());
      } catch (UnknownValueException e) {
        notRun.put(rule.info().id(), e.getMessage());
      } catch (ContextUnavailableException e) {
        notRun.put(rule.info().id(), "context unavailable: " + e.getMessage());
      }
    }
    return new Run(findings, ran, notRun);
  }

  /** What the rules said of one reading of a service. */
  private record Run(List<Finding> findings, List<String> ran, Map<String, String> notRun) {}

  /**
   * @param readings the service as the input gives it: one reading, or one per scenario of the
   *     conditions its parameters leave open
   */
  private ResourceReport evaluate(
      List<PlannedService> readings,
      ContextSource context,
      String region,
      LocalDate today,
      List<Verdict> verdicts) {
    PlannedService service = readings.getFirst();
    List<Run> runs = readings.stream().map(r -> run(r, context, region)).toList();
    List<Finding> findings = new ArrayList<>();
    List<String> ran = new ArrayList<>(runs.getFirst().ran());
    Map<String, String> notRun = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      String condition = readings.get(i).condition();
      for (Finding f : runs.get(i).findings()) {
        boolean everywhere = runs.stream().allMatch(r -> r.findings().stream().anyMatch(f::says));
        if (!everywhere) {
          findings.add(f.when(condition));
        } else if (i == 0) {
          findings.add(f);
        }
      }
      ran.retainAll(runs.get(i).ran());
      runs.get(i)
          .notRun()
          .forEach(
              (id, why) ->
                  notRun.putIfAbsent(id, condition == null ? why : condition + ": " + why));
    }
    int unchanged = rules.size() - ran.size() - notRun.size();
    findings.sort(ServiceChangeCheck.MOST_SEVERE_FIRST);
    Map<String, String> tags = service.config().tags();
    ResourceTags resourceTags = new ResourceTags(tags == null ? Map.of() : tags, null);
    verdicts.addAll(
        engine
            .decide(
                new Evaluation(service.address(), KIND, true, null, findings, null, null),
                resourceTags,
                today)
            .verdicts());
    if (notRun.isEmpty()) {
      return new ResourceReport(
          service.address(),
          service.type(),
          service.location(),
          ResourceReport.Status.EVALUATED,
          ran.size()
              + (ran.size() == 1 ? " rule ran" : " rules ran")
              + (unchanged == 0
                  ? ""
                  : "; " + unchanged + " not, on fields this update leaves as they were")
              + scenarios(readings),
          ran,
          notRun);
    }
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    notRun.forEach((id, why) -> byReason.computeIfAbsent(why, w -> new ArrayList<>()).add(id));
    String reason =
        byReason.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " not run: " + e.getKey())
                .collect(Collectors.joining("; "))
            + scenarios(readings);
    return new ResourceReport(
        service.address(),
        service.type(),
        service.location(),
        ResourceReport.Status.PARTIAL,
        reason,
        ran,
        notRun);
  }

  /** {@code ; read in each scenario: Grpc is true; Grpc is false}, or nothing for one reading. */
  private static String scenarios(List<PlannedService> readings) {
    return readings.size() == 1
        ? ""
        : "; read in each scenario: "
            + readings.stream().map(PlannedService::condition).collect(Collectors.joining("; "));
  }

  private static String root(String path) {
    return path.split("[.\\[/]", 2)[0];
  }

  /** Where the field a finding is about is written, in the service or its task definition. */
  private static SourceLocation locate(PlannedService service, String path) {
    String field = path == null ? "" : path.split("/", 2)[0];
    PlannedTaskDefinition td = service.taskDefinition();
    return td != null && TASK_DEFINITION_FIELDS.contains(root(field))
        ? closest(td.locations(), field, td.location())
        : closest(service.locations(), field, service.location());
  }

  /** The field's location, else its closest enclosing field's, else the resource's. */
  private static SourceLocation closest(
      Map<String, SourceLocation> locations, String path, SourceLocation resource) {
    String at = path;
    while (!at.isEmpty()) {
      SourceLocation where = locations.get(at);
      if (where != null) {
        return where;
      }
      at = at.substring(0, Math.max(Math.max(at.lastIndexOf('.'), at.lastIndexOf('[')), 0));
    }
    return resource;
  }

  private static ResourceReport taskDefinitionReport(
      PlannedTaskDefinition td, List<String> services) {
    if (td.view() == null) {
      return ResourceReport.skipped(td.address(), td.type(), td.location(), td.problem());
    }
    return services.isEmpty()
        ? ResourceReport.skipped(
            td.address(),
            td.type(),
            td.location(),
            "no service in this input runs it: the rules check a task definition with its service")
        : new ResourceReport(
            td.address(),
            td.type(),
            td.location(),
            ResourceReport.Status.EVALUATED,
            "with " + String.join(", ", services));
  }

  /**
   * What the input defines itself, else the files or the API. A cluster or namespace no source
   * holds is context unavailable, never a default: before deploy, only the input and {@code
   * --inventory} describe them.
   *
   * @param taskDefinition {@code null} when the service names one the input does not define
   * @param cluster {@code null} when the input does not create the service's cluster
   */
  private record PlannedContext(
      PlannedTaskDefinition taskDefinition, ClusterView cluster, ContextSource rest)
      implements ContextSource {

    @Override
    public TaskDefinitionView taskDefinition(String reference) {
      if (taskDefinition == null) {
        return rest.taskDefinition(reference);
      }
      if (taskDefinition.view() == null) {
        throw new ContextUnavailableException(
            taskDefinition.address() + " could not be read: " + taskDefinition.problem());
      }
      return taskDefinition.view();
    }

    @Override
    public Optional<ClusterView> cluster(String reference) {
      if (cluster != null) {
        return Optional.of(cluster);
      }
      return Optional.of(
          rest.cluster(reference).orElseThrow(() -> notInInput("cluster " + reference)));
    }

    @Override
    public Optional<NamespaceView> namespace(String reference) {
      return Optional.of(
          rest.namespace(reference).orElseThrow(() -> notInInput("namespace " + reference)));
    }

    private static ContextUnavailableException notInInput(String what) {
      return new ContextUnavailableException(
          what + ": not in the input (give --inventory FILE with its settings)");
    }

    @Override
    public Optional<Map<String, String>> tags(String resourceArn) {
      return rest.tags(resourceArn);
    }
  }
}
