package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.model.ClusterView;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.PlannedService;
import dev.ecsguardrail.model.PlannedTaskDefinition;
import dev.ecsguardrail.model.Replacement;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.model.Unknowns;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A CloudFormation template (YAML with short-form intrinsics, or JSON; SAM templates and CDK's
 * {@code cdk.out/*.template.json} alike) read into the model: every {@code AWS::ECS::Service} with
 * the {@code AWS::ECS::TaskDefinition} it runs. Properties are the API's fields in PascalCase
 * (CloudFormation's resource schemas), so they are read by the event readers after one rename.
 *
 * <p>Resolved: parameters (their {@code --parameter} value, else their default), the pseudo
 * parameters {@code AWS::Region}, {@code AWS::AccountId}, {@code AWS::Partition} and {@code
 * AWS::URLSuffix}, conditions and {@code Fn::If}, {@code Fn::Sub}, {@code Fn::Join}, {@code
 * Fn::Select}, {@code Fn::FindInMap} of known parts ({@link TemplateValues}). Defined here: a task
 * definition of the template by {@code Ref}, {@code Fn::GetAtt} or family name; a cluster by {@code
 * Ref} or {@code Fn::GetAtt} (its settings as written); a Cloud Map namespace (in the stack's
 * Region, new). Everything else (imports, other resources' attributes) is unknown, and only the
 * rules that read it do not run.
 */
public final class CloudFormationReader {

  public static final String FORMAT = "cloudformation";
  public static final String SERVICE = "AWS::ECS::Service";
  public static final String TASK_DEFINITION = "AWS::ECS::TaskDefinition";

  /** Keys inside these are the user's (labels, log driver options), not properties. */
  private static final Set<String> FREE_FORM =
      Set.of("DockerLabels", "Options", "DriverOpts", "Labels");

  private final Located template;
  private final String file;
  private final JsonNode resources;
  private final TemplateValues values;

  /** A hook request's one resource, at the root: CloudFormation has resolved what it could. */
  private final boolean hookRequest;

  private CloudFormationReader(
      Located template,
      String file,
      JsonNode resources,
      TemplateValues values,
      boolean hookRequest) {
    this.template = template;
    this.file = file;
    this.resources = resources;
    this.values = values;
    this.hookRequest = hookRequest;
  }

  /**
   * @param overrides {@code --parameter KEY=VALUE}s
   * @throws MalformedEventException when the file is not a template, or names no such parameter
   */
  public static PlannedInput read(byte[] bytes, String file, Map<String, String> overrides) {
    ParameterValues parameters = new ParameterValues(overrides);
    PlannedInput input = read(bytes, file, parameters, null, null, "us-east-1", null);
    if (!parameters.undeclared().isEmpty()) {
      throw new MalformedEventException(
          file + " has no parameter " + parameters.undeclared().getFirst() + " (--parameter)");
    }
    return input;
  }

  /**
   * A template against the one deployed before it ({@code --previous-template}): a service whose
   * create-only properties differ between the two is replaced by the stack update.
   *
   * @param overrides {@code --parameter}s: the ones this template declares apply
   * @param previous the earlier template's bytes; {@code null} when there is none
   * @param region the stack's Region ({@code AWS::Region})
   * @param account the stack's account ({@code AWS::AccountId}); {@code null} when not given
   */
  public static PlannedInput read(
      byte[] bytes,
      String file,
      ParameterValues overrides,
      byte[] previous,
      String previousFile,
      String region,
      String account) {
    Located template = parse(bytes, file);
    JsonNode root = template.root();
    JsonNode before =
        previous == null ? MissingNode.getInstance() : parse(previous, previousFile).root();
    Map<String, String> parameters = new LinkedHashMap<>();
    root.path("Parameters")
        .properties()
        .forEach(
            p -> {
              JsonNode value = p.getValue().path("Default");
              if (value.isValueNode() && !value.isNull()) {
                parameters.put(p.getKey(), value.asText());
              }
            });
    parameters.putAll(overrides.declaredIn(root.path("Parameters")));
    JsonNode earlier = before.path("Resources");
    TemplateValues values =
        new TemplateValues(root, parameters, new TemplateValues.Stack(region, account));
    Function<TemplateValues, PlannedInput> readAs =
        assumed ->
            new CloudFormationReader(template, file, root.get("Resources"), assumed, false)
                .read(
                    EnumSet.allOf(ServiceAspect.class),
                    id ->
                        replacement(
                            earlier.path(id).path("Properties"),
                            root.path("Resources").path(id).path("Properties"),
                            "stack update from " + previousFile,
                            earlier.path(id).path("Type").asText("").equals(SERVICE)));
    List<String> open = new ArrayList<>();
    root.path("Resources")
        .forEach(
            resource -> {
              String type = resource.path("Type").asText("");
              if (type.equals(SERVICE) || type.equals(TASK_DEFINITION)) {
                values.openConditions(resource.path("Properties")).stream()
                    .filter(c -> !open.contains(c))
                    .forEach(open::add);
              }
            });
    if (open.isEmpty()) {
      return readAs.apply(values);
    }
    // cfn-lint's way: each Fn::If the parameters leave open is read both ways, and a finding in
    // either is reported with the scenario it holds in. The rest stay unknown past a few.
    List<Map<String, Boolean>> scenarios =
        scenarios(open.subList(0, Math.min(open.size(), 4))).stream()
            .filter(values::possible)
            .toList();
    return inScenarios(scenarios, scenarios.stream().map(s -> readAs.apply(values.assuming(s))));
  }

  /** Every assignment of true and false to these conditions, in order. */
  private static List<Map<String, Boolean>> scenarios(List<String> conditions) {
    List<Map<String, Boolean>> scenarios = new ArrayList<>();
    for (int bits = 0; bits < 1 << conditions.size(); bits++) {
      Map<String, Boolean> scenario = new LinkedHashMap<>();
      for (int i = 0; i < conditions.size(); i++) {
        scenario.put(conditions.get(i), (bits & (1 << (conditions.size() - 1 - i))) == 0);
      }
      scenarios.add(scenario);
    }
    return scenarios;
  }

  /**
   * One input from its readings in each scenario: a service every scenario reads the same is one
   * service; one they read differently is one reading per scenario, each naming its scenario.
   */
  private static PlannedInput inScenarios(
      List<Map<String, Boolean>> scenarios, Stream<PlannedInput> each) {
    List<PlannedInput> readings = each.toList();
    Map<String, List<PlannedService>> byAddress = new LinkedHashMap<>();
    for (int i = 0; i < readings.size(); i++) {
      String scenario =
          scenarios.get(i).entrySet().stream()
              .map(c -> c.getKey() + " is " + c.getValue())
              .collect(Collectors.joining(" and "));
      for (PlannedService service : readings.get(i).services()) {
        byAddress
            .computeIfAbsent(service.address(), a -> new ArrayList<>())
            .add(service.when(scenario));
      }
    }
    List<PlannedService> services = new ArrayList<>();
    for (List<PlannedService> group : byAddress.values()) {
      boolean same =
          group.size() == readings.size() && group.stream().allMatch(group.getFirst()::readsAs);
      if (same) {
        services.add(group.getFirst().when(null));
      } else {
        services.addAll(group);
      }
    }
    PlannedInput first = readings.getFirst();
    return new PlannedInput(
        first.file(),
        FORMAT,
        services,
        first.taskDefinitions(),
        first.skipped().stream().filter(r -> !byAddress.containsKey(r.address())).toList());
  }

  private static Located parse(byte[] bytes, String file) {
    Located template =
        InputKind.startsLikeJson(bytes)
            ? LocatedJson.parse(bytes, file)
            : LocatedYaml.parse(bytes, file);
    JsonNode root = template.root();
    if (!root.isObject() || !root.path("Resources").isObject()) {
      throw new MalformedEventException(
          file + " has no Resources object: not a CloudFormation template");
    }
    return template;
  }

  /**
   * The create-only properties of AWS::ECS::Service (its resource schema, read 2026-12-03): a
   * change replaces the service.
   */
  public static final List<String> CREATE_ONLY =
      List.of("Cluster", "Role", "SchedulingStrategy", "ServiceName");

  /**
   * A replacement when a create-only property differs between the earlier properties and these.
   *
   * @param existed the earlier template or stack had this service
   */
  public static Replacement replacement(
      JsonNode earlier, JsonNode properties, String how, boolean existed) {
    if (!existed) {
      return null;
    }
    List<String> forcing =
        CREATE_ONLY.stream().filter(p -> !earlier.path(p).equals(properties.path(p))).toList();
    return forcing.isEmpty() ? null : new Replacement(Replacement.CLOUDFORMATION, how, forcing);
  }

  /**
   * One service as a CloudFormation hook sees it: its properties, intrinsic functions already
   * resolved by CloudFormation (unverified: one that is not is unknown, never guessed).
   *
   * @param changed what the update changes; every aspect on a create
   */
  public static PlannedInput service(
      String logicalId,
      JsonNode properties,
      Set<ServiceAspect> changed,
      Replacement replacement,
      String source) {
    ObjectNode resources = JsonNodeFactory.instance.objectNode();
    resources.putObject(logicalId).put("Type", SERVICE).set("Properties", properties);
    Located located = new Located(resources, Map.of());
    return new CloudFormationReader(
            located, source, resources, new TemplateValues(resources, Map.of(), null), true)
        .read(changed, id -> replacement);
  }

  /** Where a resource sits: under {@code /Resources} of a template, at the root of a hook's. */
  private String resourcePointer(String id) {
    return hookRequest ? Located.child("", id) : Located.child("/Resources", id);
  }

  private SourceLocation at(String pointer) {
    return new SourceLocation(file, template.line(pointer));
  }

  /**
   * @param replacementOf a service's replacement by its logical id, or {@code null}
   */
  private PlannedInput read(
      Set<ServiceAspect> changed, java.util.function.Function<String, Replacement> replacementOf) {
    Map<String, PlannedTaskDefinition> taskDefinitions = new LinkedHashMap<>();
    List<ResourceReport> skipped = new ArrayList<>();
    List<String> serviceIds = new ArrayList<>();
    for (var entry : resources.properties()) {
      String id = entry.getKey();
      JsonNode resource = entry.getValue();
      String pointer = resourcePointer(id);
      if (!resource.isObject() || !resource.path("Type").isTextual()) {
        skipped.add(
            ResourceReport.skipped(
                id,
                resource.path("Type").asText("unknown"),
                at(pointer),
                "not a resource: "
                    + (resource.isObject()
                        ? "no Type"
                        : "an " + kind(resource) + ", not an object")));
        continue;
      }
      Optional<Boolean> condition =
          resource.has("Condition")
              ? values.condition(resource.path("Condition").asText(""))
              : Optional.of(true);
      if (condition.isPresent() && !condition.get()) {
        skipped.add(
            ResourceReport.skipped(
                id,
                resource.get("Type").asText(),
                at(pointer),
                "not created: its condition "
                    + resource.path("Condition").asText()
                    + " is false with these parameters"));
        continue;
      }
      switch (resource.get("Type").asText()) {
        case TASK_DEFINITION -> taskDefinitions.put(id, taskDefinition(id, resource, pointer));
        case SERVICE -> serviceIds.add(id);
        default -> {}
      }
    }
    List<PlannedService> services = new ArrayList<>();
    for (String id : serviceIds) {
      String pointer = resourcePointer(id);
      ApiBody body = new ApiBody();
      ObjectNode request = properties(resources.get(id), pointer, body);
      PlannedTaskDefinition linked = linkedTaskDefinition(request, taskDefinitions, body);
      ClusterView cluster = linkedCluster(request, body);
      request.putIfAbsent("serviceName", TextNode.valueOf(id));
      try {
        ServiceConfig config =
            ServiceConfigReader.fromRequest(
                request, id + ".Properties", true, Unknowns.of("", body.unknowns));
        services.add(
            new PlannedService(
                id,
                SERVICE,
                at(pointer),
                config,
                linked,
                cluster,
                body.unknowns,
                body.locations,
                changed,
                replacementOf.apply(id),
                null));
      } catch (MalformedEventException e) {
        skipped.add(ResourceReport.skipped(id, SERVICE, at(pointer), e.getMessage()));
      }
    }
    return new PlannedInput(file, FORMAT, services, List.copyOf(taskDefinitions.values()), skipped);
  }

  /**
   * The template's task definition the service runs: by {@code Ref} or {@code Fn::GetAtt}, or by
   * its family name (CDK writes the family for a CODE_DEPLOY service); {@code null} when it names
   * one elsewhere (an ARN, another revision) or the reference is unknown. A family name that may be
   * a task definition of the template whose family is unknown is unknown too.
   */
  private static PlannedTaskDefinition linkedTaskDefinition(
      ObjectNode request, Map<String, PlannedTaskDefinition> taskDefinitions, ApiBody body) {
    JsonNode reference = request.get("taskDefinition");
    if (reference != null && reference.isObject() && reference.has(LINK)) {
      String id = reference.get(LINK).asText();
      request.put("taskDefinition", id);
      return taskDefinitions.get(id);
    }
    if (reference == null || !reference.isTextual()) {
      return null;
    }
    Optional<PlannedTaskDefinition> named =
        taskDefinitions.values().stream()
            .filter(td -> td.view() != null && reference.asText().equals(td.view().family()))
            .findFirst();
    if (named.isEmpty() && !reference.asText().contains(":")) {
      taskDefinitions.values().stream()
          .flatMap(td -> td.unknowns().stream().filter(u -> u.path().equals("family")))
          .findFirst()
          .ifPresent(
              u ->
                  body.unknown(
                      "taskDefinition",
                      "'"
                          + reference.asText()
                          + "', perhaps a family of this template: "
                          + u.why()));
    }
    return named.orElse(null);
  }

  /**
   * The template's cluster the service runs on, with the settings written there; {@code null} when
   * it names one elsewhere. A setting the template leaves unknown makes the cluster unknown.
   */
  private ClusterView linkedCluster(ObjectNode request, ApiBody body) {
    JsonNode reference = request.get("cluster");
    if (reference == null || !reference.isObject() || !reference.has(CLUSTER_LINK)) {
      return null;
    }
    String id = reference.get(CLUSTER_LINK).asText();
    JsonNode properties = resources.path(id).path("Properties");
    String name = known(properties.path("ClusterName")).orElse(id);
    request.put("cluster", name);
    String insights = null;
    for (JsonNode setting : properties.path("ClusterSettings")) {
      Optional<String> setName = known(setting.path("Name"));
      Optional<String> value = known(setting.path("Value"));
      if (setName.isEmpty() || (setName.get().equals("containerInsights") && value.isEmpty())) {
        body.unknown("cluster", "the ClusterSettings of " + id + " (known at deploy time)");
        return null;
      }
      if (setName.get().equals("containerInsights")) {
        insights = value.get();
      }
    }
    return new ClusterView(null, name, insights, null);
  }

  /** A property of another resource as one string, when the template decides it. */
  private Optional<String> known(JsonNode value) {
    return value.isMissingNode()
        ? Optional.empty()
        : values.scalar(value) instanceof TemplateValues.Value.Known k
            ? Optional.of(k.node().asText())
            : Optional.empty();
  }

  private PlannedTaskDefinition taskDefinition(String id, JsonNode resource, String pointer) {
    ApiBody body = new ApiBody();
    ObjectNode request = properties(resource, pointer, body);
    request.putIfAbsent("family", TextNode.valueOf(id)); // CloudFormation names it when unset
    body.nameContainers(request);
    TaskDefinitionView view = null;
    String problem = null;
    try {
      view = TaskDefinitionReader.read(request, id + ".Properties", Unknowns.of(id, body.unknowns));
    } catch (MalformedEventException e) {
      problem = e.getMessage();
    }
    return new PlannedTaskDefinition(
        id, TASK_DEFINITION, at(pointer), view, problem, body.unknowns, body.locations);
  }

  /** A resource's {@code Properties} in the API's shape. */
  private ObjectNode properties(JsonNode resource, String pointer, ApiBody body) {
    JsonNode properties = resource.path("Properties");
    if (!properties.isObject()) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode value = translate(properties, Located.child(pointer, "Properties"), "", false, body);
    return value instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
  }

  /**
   * Marks the service's {@code TaskDefinition} that refers to a task definition in the template.
   */
  private static final String LINK = "ecs-guardrail:task-definition";

  /** Marks the service's {@code Cluster} that refers to a cluster in the template. */
  private static final String CLUSTER_LINK = "ecs-guardrail:cluster";

  /** Cloud Map namespaces: one created in the template is in the stack's Region, and new. */
  private static final Set<String> NAMESPACES =
      Set.of(
          "AWS::ServiceDiscovery::HttpNamespace",
          "AWS::ServiceDiscovery::PrivateDnsNamespace",
          "AWS::ServiceDiscovery::PublicDnsNamespace");

  /**
   * @return the value in the API's shape; {@code null} when it is absent ({@code AWS::NoValue}) or
   *     unknown (recorded in {@code body})
   */
  private JsonNode translate(
      JsonNode value, String pointer, String path, boolean freeForm, ApiBody body) {
    body.at(path, at(pointer));
    if (value.isObject() && value.size() == 1 && !freeForm) {
      String key = value.properties().iterator().next().getKey();
      if (key.equals("Ref") || key.startsWith("Fn::")) {
        return intrinsic(key, value.get(key), Located.child(pointer, key), path, freeForm, body);
      }
    }
    if (value.isObject()) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (var field : value.properties()) {
        String key = field.getKey();
        String name = freeForm ? key : ApiBody.lowerCamel(key);
        JsonNode translated =
            translate(
                field.getValue(),
                Located.child(pointer, key),
                ApiBody.field(path, name),
                FREE_FORM.contains(key),
                body);
        if (translated != null) {
          object.set(name, translated);
        }
      }
      return object;
    }
    if (value.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode translated =
            translate(
                value.get(i),
                Located.child(pointer, i),
                ApiBody.element(path, array.size()),
                false,
                body);
        if (translated != null) {
          array.add(translated);
        }
      }
      return array;
    }
    return ApiBody.typed(path, value);
  }

  private JsonNode intrinsic(
      String function,
      JsonNode argument,
      String pointer,
      String path,
      boolean freeForm,
      ApiBody body) {
    TemplateValues.Value value =
        switch (function) {
          case "Fn::If" -> values.branch(argument);
          case "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::FindInMap" ->
              values.scalar(JsonNodeFactory.instance.objectNode().set(function, argument));
          case "Ref" -> values.ref(argument.asText("")).orElse(null);
          default -> null;
        };
    if (value == null) {
      return reference(function, argument, path, body);
    }
    return switch (value) {
      case TemplateValues.Value.Absent a -> null;
      case TemplateValues.Value.Unknown u -> {
        body.unknown(path, u.why());
        yield null;
      }
      case TemplateValues.Value.Known k when function.equals("Fn::If") ->
          translate(
              k.node(),
              Located.child(pointer, k.node() == argument.get(1) ? 1 : 2),
              path,
              freeForm,
              body);
      case TemplateValues.Value.Known k -> ApiBody.typed(path, k.node());
    };
  }

  /**
   * A {@code Ref} or {@code Fn::GetAtt} of one of the template's resources (or an import): what the
   * template defines is linked, the rest is unknown.
   */
  private JsonNode reference(String function, JsonNode argument, String path, ApiBody body) {
    String target =
        switch (function) {
          case "Ref" -> argument.asText("");
          case "Fn::GetAtt" ->
              argument.isArray()
                  ? argument.path(0).asText("")
                  : argument.asText("").split("\\.")[0];
          default -> null;
        };
    String attribute =
        function.equals("Fn::GetAtt")
            ? (argument.isArray()
                ? argument.path(1).asText("")
                : argument.asText("").replaceFirst("^[^.]*\\.?", ""))
            : null;
    JsonNode resource = target == null ? null : resources.get(target);
    String type = resource == null ? null : resource.path("Type").asText(null);
    boolean taskDefinition =
        TASK_DEFINITION.equals(type)
            && path.equals("taskDefinition")
            && (attribute == null || attribute.equals("TaskDefinitionArn"));
    if (taskDefinition) {
      return JsonNodeFactory.instance.objectNode().put(LINK, target);
    }
    if ("AWS::ECS::Cluster".equals(type) && path.equals("cluster")) {
      return JsonNodeFactory.instance.objectNode().put(CLUSTER_LINK, target);
    }
    if (type != null
        && NAMESPACES.contains(type)
        && path.equals("serviceConnectConfiguration.namespace")) {
      // Its name, else its logical id: either way a namespace of this Region (SC007), new.
      return TextNode.valueOf(known(resource.path("Properties").path("Name")).orElse(target));
    }
    String why =
        switch (function) {
          case "Ref" ->
              hookRequest
                  ? "Ref " + target + " (not resolved in the hook request)"
                  : type != null
                      ? "Ref " + target + " (a " + type + ")"
                      : "Ref " + target + ", which the template does not define";
          case "Fn::GetAtt" -> "Fn::GetAtt " + target + "." + attribute;
          default -> function;
        };
    body.unknown(path, why);
    return null;
  }

  private static String kind(JsonNode node) {
    return node.isArray() ? "array" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
