package dev.ecsguardrail.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Terraform plan ({@code terraform show -json plan.out}, {@code format_version} 1.x) read into
 * the model: the {@code aws_ecs_service} and {@code aws_ecs_task_definition} resources it creates
 * or updates. Read as a stream, one resource change at a time, so a plan of many megabytes of other
 * resources costs little memory.
 *
 * <p>Resolved: every value known at plan time; a service's task definition created in the same
 * plan, through the service's {@code configuration} references (module-relative, joined on {@code
 * module_address}, followed through module outputs); a namespace created in the same plan, by its
 * planned name (in the service's Region, and new); a cluster created or updated in the same plan,
 * with the settings it writes. A task definition or cluster the plan leaves as it is ({@code
 * no-op}) but a changed service refers to is read too: the service's known ARN names it, and the
 * plan holds its values, so ECS need not be asked. Unknown ({@code after_unknown}): reported, and
 * the rules that need it do not run.
 */
public final class TerraformPlanReader {

  public static final String FORMAT = "terraform-plan";
  public static final String SERVICE = "aws_ecs_service";
  public static final String TASK_DEFINITION = "aws_ecs_task_definition";

  private static final String CLUSTER = "aws_ecs_cluster";

  /** The namespaces a service's Service Connect configuration may name. */
  private static final Set<String> NAMESPACES =
      Set.of(
          "aws_service_discovery_http_namespace",
          "aws_service_discovery_private_dns_namespace",
          "aws_service_discovery_public_dns_namespace");

  /** Blocks of at most one element: an object in the API. */
  private static final Set<String> SINGLE_BLOCKS =
      Set.of(
          "service_connect_configuration",
          "deployment_controller",
          "deployment_configuration",
          "deployment_circuit_breaker",
          "network_configuration",
          "log_configuration",
          "access_log_configuration",
          "timeout",
          "tls",
          "issuer_cert_authority",
          "runtime_platform",
          "proxy_configuration",
          "ephemeral_storage",
          "alarms",
          "linear_configuration",
          "canary_configuration");

  /** Terraform's names that are not the API's in camel case. */
  private static final Map<String, String> RENAMED =
      Map.of("service", "services", "client_alias", "clientAliases");

  private final String file;
  private final TerraformSources sources;
  private final List<ResourceReport> skipped = new ArrayList<>();

  private TerraformPlanReader(String file, TerraformSources sources) {
    this.file = file;
    this.sources = sources;
  }

  /** One resource change, where it starts in the plan, its tree with the place of every value. */
  private record Change(
      String address, String type, String moduleAddress, SourceLocation location, Located tree) {

    /** Where the value at {@code pointer} (or its closest enclosing value) is in the plan. */
    SourceLocation at(String pointer) {
      Located.Position position = tree.position(pointer);
      return new SourceLocation(location.file(), position.line(), position.column());
    }

    JsonNode after() {
      return tree.root().path("change").path("after");
    }

    /** The plan leaves it as it is: kept only as a changed service's context. */
    boolean unchanged() {
      JsonNode actions = tree.root().path("change").path("actions");
      return actions.size() == 1 && actions.get(0).asText().equals("no-op");
    }

    /** The address in its module instance: {@code aws_ecs_service.x[0]}. */
    String relativeAddress() {
      return moduleAddress.isEmpty() ? address : address.substring(moduleAddress.length() + 1);
    }
  }

  /** Where the user writes a resource: its block in the {@code .tf} sources, else the plan. */
  private record Placement(SourceLocation location, Map<String, SourceLocation> locations) {}

  /**
   * @throws MalformedEventException when the file is not a plan of format 1.x, or not JSON
   */
  public static PlannedInput read(byte[] bytes, String file) {
    return read(bytes, file, TerraformSources.none());
  }

  /**
   * @param sources the {@code .tf} files the plan was made from: findings point to their lines
   * @throws MalformedEventException when the file is not a plan of format 1.x, or not JSON
   */
  public static PlannedInput read(byte[] bytes, String file, TerraformSources sources) {
    return new TerraformPlanReader(file, sources).read(bytes);
  }

  private PlannedInput read(byte[] bytes) {
    String formatVersion = null;
    List<Change> changes = new ArrayList<>();
    JsonNode configuration = MissingNode.getInstance();
    try (JsonParser parser = LocatedJson.parser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAPlan("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "format_version" -> {
            formatVersion = parser.getValueAsString();
            checkFormat(formatVersion);
          }
          case "resource_changes" -> {
            if (value != JsonToken.START_ARRAY) {
              throw notAPlan("resource_changes is not an array");
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              change(parser, index++, changes);
            }
          }
          case "configuration" -> configuration = LocatedJson.read(parser, "", new HashMap<>());
          default -> parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw LocatedJson.notJson(file, e);
    } catch (IOException e) {
      throw new MalformedEventException(file + " cannot be read: " + e.getMessage());
    }
    if (formatVersion == null) {
      throw notAPlan("no format_version");
    }
    TerraformConfiguration configured = TerraformConfiguration.of(configuration);
    Map<String, Change> byAddress = new LinkedHashMap<>();
    changes.forEach(c -> byAddress.put(c.address(), c));
    Map<String, PlannedTaskDefinition> taskDefinitions = new LinkedHashMap<>();
    for (Change change : changes) {
      if (change.type().equals(TASK_DEFINITION)) {
        taskDefinitions.put(change.address(), taskDefinition(change, configured));
      }
    }
    List<PlannedService> services = new ArrayList<>();
    for (Change change : changes) {
      if (change.type().equals(SERVICE)) {
        service(change, new DefinedHere(byAddress, configured, taskDefinitions))
            .ifPresent(services::add);
      }
    }
    // An unchanged task definition is reported only as a changed service's context.
    Set<String> linked = new HashSet<>();
    services.forEach(
        s -> linked.add(s.taskDefinition() == null ? "" : s.taskDefinition().address()));
    for (Change change : changes) {
      if (change.type().equals(TASK_DEFINITION)
          && change.unchanged()
          && !linked.contains(change.address())) {
        taskDefinitions.remove(change.address());
        skipped.add(
            ResourceReport.skipped(
                change.address(),
                TASK_DEFINITION,
                change.location(),
                "not created or updated: no-op"));
      }
    }
    return new PlannedInput(file, FORMAT, services, List.copyOf(taskDefinitions.values()), skipped);
  }

  private void checkFormat(String version) {
    if (version == null || !version.startsWith("1.")) {
      throw new MalformedEventException(
          file
              + ": Terraform plan format_version "
              + version
              + " is not supported (this reads 1.x, from terraform show -json)");
    }
  }

  private MalformedEventException notAPlan(String why) {
    return new MalformedEventException(
        file + " is not a Terraform plan (terraform show -json): " + why);
  }

  /**
   * Keeps the change when it creates or updates an ECS service or task definition, or a cluster or
   * namespace a service may refer to (not reported on its own).
   */
  private void change(JsonParser parser, int index, List<Change> changes) throws IOException {
    Located.Position start = LocatedJson.position(parser);
    Map<String, Located.Position> positions = new HashMap<>();
    JsonNode node = LocatedJson.read(parser, "", positions);
    String type = node.path("type").asText("");
    boolean evaluated = type.equals(SERVICE) || type.equals(TASK_DEFINITION);
    if (!evaluated && !type.equals(CLUSTER) && !NAMESPACES.contains(type)) {
      return;
    }
    String address = node.path("address").asText("resource_changes[" + index + "]");
    SourceLocation location = new SourceLocation(file, start.line(), start.column());
    if (!"managed".equals(node.path("mode").asText("managed"))) {
      return; // a data source: read, never created
    }
    List<String> actions = new ArrayList<>();
    node.path("change").path("actions").forEach(a -> actions.add(a.asText()));
    boolean createdOrUpdated = actions.contains("create") || actions.contains("update");
    boolean hasAfter = node.path("change").path("after").isObject();
    Change kept =
        new Change(
            address,
            type,
            node.path("module_address").asText(""),
            location,
            new Located(node, positions));
    boolean context = !type.equals(SERVICE) && actions.equals(List.of("no-op")) && hasAfter;
    if (!evaluated || context) {
      if ((createdOrUpdated || context) && hasAfter) {
        changes.add(kept);
      }
      return;
    }
    if (!createdOrUpdated) {
      skipped.add(
          ResourceReport.skipped(
              address,
              type,
              location,
              actions.isEmpty()
                  ? "no change.actions"
                  : "not created or updated: " + String.join(", ", actions)));
      return;
    }
    if (!hasAfter) {
      skipped.add(ResourceReport.skipped(address, type, location, "change.after is not an object"));
      return;
    }
    changes.add(kept);
  }

  private PlannedTaskDefinition taskDefinition(
      Change change, TerraformConfiguration configuration) {
    ApiBody body = new ApiBody();
    JsonNode after = change.tree().root().path("change").path("after");
    JsonNode unknown = change.tree().root().path("change").path("after_unknown");
    JsonNode expressions =
        configuration.expressions(
            TerraformConfiguration.withoutInstanceKeys(change.moduleAddress()),
            TerraformConfiguration.withoutInstanceKeys(change.relativeAddress()));
    ObjectNode request =
        (ObjectNode)
            translate(
                after, unknown, "/change/after", "", change, body, unwritten(unknown, expressions));
    String problem = null;
    TaskDefinitionView view = null;
    JsonNode containers = after.path("container_definitions");
    if (containers.isTextual()) {
      try {
        JsonNode parsed =
            StrictJson.parse(
                containers.asText().getBytes(StandardCharsets.UTF_8),
                change.address() + ".container_definitions");
        if (!parsed.isArray()) {
          throw new MalformedEventException(
              change.address() + ".container_definitions is not a JSON array");
        }
        request.set("containerDefinitions", parsed);
        SourceLocation written = change.at("/change/after/container_definitions");
        for (int i = 0; i < parsed.size(); i++) {
          body.at(ApiBody.element("containerDefinitions", i), written);
        }
        body.nameContainers(request);
      } catch (MalformedEventException e) {
        problem = e.getMessage();
      }
    }
    if (problem == null) {
      try {
        view =
            TaskDefinitionReader.read(
                request, change.address(), Unknowns.of(change.address(), body.unknowns));
      } catch (MalformedEventException e) {
        problem = e.getMessage();
      }
    }
    Placement placement = placement(change, body, configuration);
    return new PlannedTaskDefinition(
        change.address(),
        TASK_DEFINITION,
        placement.location(),
        view,
        problem,
        body.unknowns,
        placement.locations());
  }

  private Optional<PlannedService> service(Change change, DefinedHere here) {
    ApiBody body = new ApiBody();
    JsonNode after = change.tree().root().path("change").path("after");
    JsonNode unknown = change.tree().root().path("change").path("after_unknown");
    JsonNode expressions = here.expressionsOf(change);
    ObjectNode request =
        (ObjectNode)
            translate(
                after, unknown, "/change/after", "", change, body, unwritten(unknown, expressions));
    Change referenced =
        here.referenced(change, expressions.path("task_definition"), Set.of(TASK_DEFINITION));
    PlannedTaskDefinition linked =
        referenced == null ? null : here.taskDefinitions().get(referenced.address());
    if (linked != null) {
      request.put("taskDefinition", linked.address());
      body.definedHere("taskDefinition");
    }
    Change namespace =
        here.referenced(
            change,
            expressions.path("service_connect_configuration").path(0).path("namespace"),
            NAMESPACES);
    JsonNode namespaceName = namespace == null ? null : namespace.after().path("name");
    if (namespaceName != null
        && namespaceName.isTextual()
        && body.definedHere("serviceConnectConfiguration.namespace")) {
      // A plain name: the namespace is in the service's Region, and new.
      ((ObjectNode) request.path("serviceConnectConfiguration"))
          .put("namespace", namespaceName.asText());
    }
    Change clusterChange = here.referenced(change, expressions.path("cluster"), Set.of(CLUSTER));
    ClusterView cluster = clusterChange == null ? null : cluster(clusterChange);
    if (cluster != null && body.definedHere("cluster")) {
      request.put("cluster", cluster.name()); // created here: its ARN is known after apply
    }
    request.putIfAbsent("serviceName", TextNode.valueOf(change.address()));
    Placement placement = placement(change, body, here.configuration());
    SourceLocation location = placement.location();
    try {
      ServiceConfig config =
          ServiceConfigReader.fromRequest(
              request, change.address(), true, Unknowns.of("", body.unknowns));
      return Optional.of(
          new PlannedService(
              change.address(),
              SERVICE,
              location,
              config,
              linked,
              cluster,
              body.unknowns,
              placement.locations(),
              EnumSet.allOf(ServiceAspect.class),
              replacement(change.tree().root().path("change")),
              null));
    } catch (MalformedEventException e) {
      skipped.add(ResourceReport.skipped(change.address(), SERVICE, location, e.getMessage()));
      return Optional.empty();
    }
  }

  private Placement placement(Change change, ApiBody body, TerraformConfiguration configuration) {
    String folder =
        configuration.directory(TerraformConfiguration.withoutInstanceKeys(change.moduleAddress()));
    String name =
        TerraformConfiguration.withoutInstanceKeys(change.relativeAddress())
            .substring(change.type().length() + 1);
    Optional<TerraformSources.Written> written =
        folder == null ? Optional.empty() : sources.resource(folder, change.type(), name);
    if (written.isEmpty()) {
      return new Placement(change.location(), body.locations);
    }
    String tf = written.get().file();
    Map<String, SourceLocation> locations = new HashMap<>();
    written
        .get()
        .resource()
        .lines()
        .forEach((path, line) -> locations.put(apiPath(path), new SourceLocation(tf, line)));
    return new Placement(new SourceLocation(tf, written.get().resource().line()), locations);
  }

  /**
   * A path in a {@code .tf} block ({@code service_connect_configuration[0].service[1].port_name})
   * in the API's shape ({@code serviceConnectConfiguration.services[1].portName}), as {@link
   * #translate} names the plan's values.
   */
  private static String apiPath(String hclPath) {
    String path = "";
    for (String step : hclPath.split("\\.")) {
      int bracket = step.indexOf('[');
      String key = bracket < 0 ? step : step.substring(0, bracket);
      path = ApiBody.field(path, name(key, path));
      if (bracket >= 0 && !SINGLE_BLOCKS.contains(key)) {
        path += step.substring(bracket);
      }
    }
    return path;
  }

  /**
   * The cluster a plan creates or updates, with the settings it writes; {@code null} when its name
   * or its settings are known only after apply.
   */
  private static ClusterView cluster(Change change) {
    JsonNode after = change.after();
    JsonNode unknown = change.tree().root().path("change").path("after_unknown");
    if (!after.path("name").isTextual() || unknown.path("setting").asBoolean(false)) {
      return null;
    }
    String containerInsights = null;
    JsonNode settings = after.path("setting");
    for (int i = 0; i < settings.size(); i++) {
      if (settings.get(i).path("name").asText().equals("containerInsights")) {
        if (!settings.get(i).path("value").isTextual()) {
          return null; // unknown (a variable's value known after apply)
        }
        containerInsights = settings.get(i).path("value").asText();
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    after.path("tags").properties().forEach(t -> tags.put(t.getKey(), t.getValue().asText()));
    return new ClusterView(null, after.path("name").asText(), containerInsights, tags);
  }

  /**
   * A delete and a create of the same address, in either order ({@code create_before_destroy}),
   * with the attributes {@code replace_paths} says force it (format 1.2).
   */
  private static Replacement replacement(JsonNode change) {
    List<String> actions = new ArrayList<>();
    change.path("actions").forEach(a -> actions.add(a.asText()));
    if (!actions.contains("delete") || !actions.contains("create")) {
      return null;
    }
    List<String> forcedBy = new ArrayList<>();
    for (JsonNode path : change.path("replace_paths")) {
      List<String> steps = new ArrayList<>();
      path.forEach(step -> steps.add(step.asText()));
      forcedBy.add(String.join(".", steps));
    }
    return new Replacement(Replacement.TERRAFORM, String.join(", ", actions), forcedBy);
  }

  /**
   * What the plan itself creates or updates, which a service's expressions may refer to.
   *
   * @param changes every ECS and Cloud Map change kept, by address
   */
  private record DefinedHere(
      Map<String, Change> changes,
      TerraformConfiguration configuration,
      Map<String, PlannedTaskDefinition> taskDefinitions) {

    /** The {@code configuration} expressions of the resource a change is an instance of. */
    JsonNode expressionsOf(Change change) {
      return configuration.expressions(
          TerraformConfiguration.withoutInstanceKeys(change.moduleAddress()),
          TerraformConfiguration.withoutInstanceKeys(change.relativeAddress()));
    }

    /**
     * The change of this plan an expression of {@code from} refers to ({@code
     * aws_ecs_task_definition.x.arn}, or a module output naming one), joined on {@code
     * module_address}: the instance in {@code from}'s own module instance; with {@code count.index}
     * or {@code each.key} in the expression, the one with {@code from}'s own key; else the only
     * one.
     */
    Change referenced(Change from, JsonNode expression, Set<String> types) {
      String module = from.moduleAddress();
      String relative =
          configuration.referenced(
              TerraformConfiguration.withoutInstanceKeys(module), expression, types);
      if (relative == null) {
        return null;
      }
      String prefix = module.isEmpty() ? "" : module + ".";
      Change exact = changes.get(prefix + relative);
      if (exact != null) {
        return exact;
      }
      boolean sameKey = false;
      for (JsonNode r : expression.path("references")) {
        sameKey |= r.asText().matches("count\\.index|each\\.(key|value)");
      }
      String key = TerraformConfiguration.instanceKey(from.address());
      if (sameKey && !key.isEmpty() && changes.containsKey(prefix + relative + key)) {
        return changes.get(prefix + relative + key);
      }
      List<Change> instances =
          changes.values().stream()
              .filter(c -> c.address().startsWith(prefix))
              .filter(
                  c ->
                      TerraformConfiguration.withoutInstanceKeys(
                              c.address().substring(prefix.length()))
                          .equals(relative))
              .toList();
      return instances.size() == 1 ? instances.getFirst() : null;
    }
  }

  /**
   * The top-level attributes {@code after_unknown} marks that the resource's {@code configuration}
   * does not write. The provider plans an Optional and Computed attribute left out ({@code
   * launch_type}, {@code network_mode}, {@code cluster}, ...) as known after apply, yet the request
   * leaves it out too and ECS applies its default: not unknown. None when the plan has no
   * configuration for the resource. Top level only: a {@code dynamic} block is not in the
   * configuration's expressions, so a nested attribute left out there may be written after all.
   */
  private static Set<String> unwritten(JsonNode unknown, JsonNode expressions) {
    Set<String> keys = new HashSet<>();
    if (expressions.isObject()) {
      unknown
          .properties()
          .forEach(
              e -> {
                if (e.getValue().asBoolean(false) && !expressions.has(e.getKey())) {
                  keys.add(e.getKey());
                }
              });
    }
    return keys;
  }

  /**
   * {@code after} in the API's shape: snake case to camel case, single blocks to objects, tags to
   * the API's list; what {@code after_unknown} marks is recorded as unknown.
   *
   * @param unwritten top-level attributes the configuration leaves out: not in the request
   */
  private JsonNode translate(
      JsonNode after,
      JsonNode unknown,
      String pointer,
      String path,
      Change change,
      ApiBody body,
      Set<String> unwritten) {
    body.at(path, change.at(pointer));
    if (after.isObject()) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      List<String> keys = new ArrayList<>();
      after.fieldNames().forEachRemaining(keys::add);
      unknown
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!keys.contains(k)) {
                  keys.add(k);
                }
              });
      for (String key : keys) {
        String name = name(key, path);
        String childPath = ApiBody.field(path, name);
        String childPointer = Located.child(pointer, key);
        JsonNode value = after.path(key);
        JsonNode valueUnknown = unknown.path(key);
        if (path.isEmpty() && key.equals("tags_all")) {
          continue; // the provider's default tags merged in: computed, and not the resource's own
        }
        if (path.isEmpty() && unwritten.contains(key)) {
          continue; // not written: not in the request either
        }
        if (path.isEmpty() && key.equals("container_definitions")) {
          if (valueUnknown.asBoolean(false)) {
            body.unknown("containerDefinitions", "known after apply");
          }
          continue; // a JSON string, read by the caller
        }
        if (valueUnknown.isBoolean()
            && valueUnknown.booleanValue()
            && (value.isMissingNode() || value.isNull())) {
          body.unknown(childPath, "known after apply");
          continue;
        }
        if (SINGLE_BLOCKS.contains(key) && value.isArray()) {
          if (value.isEmpty()) {
            continue;
          }
          value = value.get(0);
          valueUnknown = valueUnknown.path(0);
          childPointer = Located.child(childPointer, 0);
        }
        if (path.isEmpty() && key.equals("tags") && value.isObject()) {
          ArrayNode tags = object.putArray("tags");
          value
              .properties()
              .forEach(
                  t -> tags.addObject().put("key", t.getKey()).put("value", t.getValue().asText()));
          continue;
        }
        if (value.isNull()
            || value.isMissingNode()
            || (value.isTextual() && value.asText().isEmpty())) {
          continue; // unset: Terraform writes null, and "" for some unset strings
        }
        object.set(
            name, translate(value, valueUnknown, childPointer, childPath, change, body, Set.of()));
      }
      return object;
    }
    if (after.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < after.size(); i++) {
        JsonNode element = after.get(i);
        if (element.isNull() && unknown.path(i).asBoolean(false)) {
          body.unknown(ApiBody.element(path, i), "known after apply");
          continue;
        }
        array.add(
            translate(
                element,
                unknown.path(i),
                Located.child(pointer, i),
                ApiBody.element(path, i),
                change,
                body,
                Set.of()));
      }
      return array;
    }
    return ApiBody.typed(path, after);
  }

  /** The API's name of a Terraform attribute. */
  private static String name(String key, String path) {
    if (path.isEmpty()) {
      switch (key) {
        case "name" -> {
          return "serviceName";
        }
        case "task_definition" -> {
          return "taskDefinition";
        }
        default -> {}
      }
    }
    return RENAMED.getOrDefault(key, ApiBody.camel(key));
  }
}
