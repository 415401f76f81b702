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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform plan ({@code terraform show -json plan.out}, {@code format_version} 1.x) read into
 * the model: the {@code aws_ecs_service} and {@code aws_ecs_task_definition} resources it creates
 * or updates. Read as a stream, one resource change at a time, so a plan of many megabytes of other
 * resources costs little memory.
 *
 * <p>Resolved: every value known at plan time; a service's task definition created in the same
 * plan, through the service's {@code configuration} references (module-relative, joined on {@code
 * module_address}). Unknown ({@code after_unknown}): reported, and the rules that need it do not
 * run.
 */
public final class TerraformPlanReader {

  public static final String FORMAT = "terraform-plan";
  public static final String SERVICE = "aws_ecs_service";
  public static final String TASK_DEFINITION = "aws_ecs_task_definition";

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

  private static final Pattern MODULE = Pattern.compile("module\\.([^.\\[]+)(\\[[^\\]]*\\])?");
  private static final Pattern TASK_DEFINITION_ADDRESS =
      Pattern.compile("^(aws_ecs_task_definition\\.[^.\\[]+(\\[[^\\]]*\\])?)");

  private final String file;
  private final List<ResourceReport> skipped = new ArrayList<>();

  private TerraformPlanReader(String file) {
    this.file = file;
  }

  /** One ECS resource change, its tree with the line of every value. */
  private record Change(
      String address, String type, String moduleAddress, int line, Located tree) {}

  /**
   * @throws MalformedEventException when the file is not a plan of format 1.x, or not JSON
   */
  public static PlannedInput read(byte[] bytes, String file) {
    return new TerraformPlanReader(file).read(bytes);
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
    Map<String, JsonNode> expressions = new HashMap<>();
    index(configuration.path("root_module"), "", expressions);
    Map<String, PlannedTaskDefinition> taskDefinitions = new LinkedHashMap<>();
    for (Change change : changes) {
      if (change.type().equals(TASK_DEFINITION)) {
        taskDefinitions.put(change.address(), taskDefinition(change));
      }
    }
    List<PlannedService> services = new ArrayList<>();
    for (Change change : changes) {
      if (change.type().equals(SERVICE)) {
        service(change, expressions, taskDefinitions).ifPresent(services::add);
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

  /** Keeps the change when it creates or updates an ECS service or task definition. */
  private void change(JsonParser parser, int index, List<Change> changes) throws IOException {
    int line = LocatedJson.line(parser);
    Map<String, Integer> lines = new HashMap<>();
    JsonNode node = LocatedJson.read(parser, "", lines);
    String type = node.path("type").asText("");
    if (!type.equals(SERVICE) && !type.equals(TASK_DEFINITION)) {
      return;
    }
    String address = node.path("address").asText("resource_changes[" + index + "]");
    SourceLocation location = new SourceLocation(file, line);
    if (!"managed".equals(node.path("mode").asText("managed"))) {
      return; // a data source: read, never created
    }
    List<String> actions = new ArrayList<>();
    node.path("change").path("actions").forEach(a -> actions.add(a.asText()));
    if (!actions.contains("create") && !actions.contains("update")) {
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
    if (!node.path("change").path("after").isObject()) {
      skipped.add(ResourceReport.skipped(address, type, location, "change.after is not an object"));
      return;
    }
    changes.add(
        new Change(
            address, type, node.path("module_address").asText(""), line, new Located(node, lines)));
  }

  private PlannedTaskDefinition taskDefinition(Change change) {
    ApiBody body = new ApiBody();
    JsonNode after = change.tree().root().path("change").path("after");
    JsonNode unknown = change.tree().root().path("change").path("after_unknown");
    ObjectNode request = (ObjectNode) translate(after, unknown, "/change/after", "", change, body);
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
        int line = change.tree().line("/change/after/container_definitions");
        for (int i = 0; i < parsed.size(); i++) {
          body.line(ApiBody.element("containerDefinitions", i), line);
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
    return new PlannedTaskDefinition(
        change.address(),
        TASK_DEFINITION,
        new SourceLocation(file, change.line()),
        view,
        problem,
        body.unknowns,
        body.lines);
  }

  private java.util.Optional<PlannedService> service(
      Change change,
      Map<String, JsonNode> expressions,
      Map<String, PlannedTaskDefinition> taskDefinitions) {
    ApiBody body = new ApiBody();
    JsonNode after = change.tree().root().path("change").path("after");
    JsonNode unknown = change.tree().root().path("change").path("after_unknown");
    ObjectNode request = (ObjectNode) translate(after, unknown, "/change/after", "", change, body);
    PlannedTaskDefinition linked = linked(change, expressions, taskDefinitions);
    if (linked != null) {
      request.put("taskDefinition", linked.address());
      body.unknowns.removeIf(u -> u.path().equals("taskDefinition"));
    }
    request.putIfAbsent("serviceName", TextNode.valueOf(change.address()));
    SourceLocation location = new SourceLocation(file, change.line());
    try {
      ServiceConfig config =
          ServiceConfigReader.fromRequest(
              request, change.address(), true, Unknowns.of("", body.unknowns));
      return java.util.Optional.of(
          new PlannedService(
              change.address(),
              SERVICE,
              location,
              config,
              linked,
              null,
              body.unknowns,
              body.lines,
              EnumSet.allOf(ServiceAspect.class),
              replacement(change.tree().root().path("change"))));
    } catch (MalformedEventException e) {
      skipped.add(ResourceReport.skipped(change.address(), SERVICE, location, e.getMessage()));
      return java.util.Optional.empty();
    }
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
   * The task definition of this plan the service's {@code task_definition} refers to: {@code
   * ["aws_ecs_task_definition.x.arn", "aws_ecs_task_definition.x"]}, relative to its module.
   */
  private static PlannedTaskDefinition linked(
      Change service,
      Map<String, JsonNode> expressions,
      Map<String, PlannedTaskDefinition> taskDefinitions) {
    String module = service.moduleAddress();
    String relative =
        module.isEmpty() ? service.address() : service.address().substring(module.length() + 1);
    String key = withoutIndexes(module) + "|" + withoutIndex(relative);
    JsonNode references =
        expressions
            .getOrDefault(key, MissingNode.getInstance())
            .path("task_definition")
            .path("references");
    for (JsonNode reference : references) {
      Matcher m = TASK_DEFINITION_ADDRESS.matcher(reference.asText());
      if (!m.find()) {
        continue;
      }
      String address = (module.isEmpty() ? "" : module + ".") + m.group(1);
      PlannedTaskDefinition exact = taskDefinitions.get(address);
      if (exact != null) {
        return exact;
      }
      // task_definition = aws_ecs_task_definition.x[count.index].arn refers to "...x" and
      // "count.index" (each.key for for_each): the instance with the service's own index.
      boolean sameIndex = false;
      for (JsonNode r : references) {
        sameIndex |= r.asText().matches("count\\.index|each\\.(key|value)");
      }
      String index = service.address().substring(withoutIndex(service.address()).length());
      if (sameIndex && !index.isEmpty() && taskDefinitions.containsKey(address + index)) {
        return taskDefinitions.get(address + index);
      }
      List<PlannedTaskDefinition> instances =
          taskDefinitions.values().stream()
              .filter(td -> withoutIndex(td.address()).equals(address))
              .toList();
      if (instances.size() == 1) {
        return instances.getFirst();
      }
    }
    return null;
  }

  /** {@code configuration}'s expressions of every resource, by module path and address. */
  private static void index(JsonNode module, String path, Map<String, JsonNode> expressions) {
    for (JsonNode resource : module.path("resources")) {
      expressions.put(path + "|" + resource.path("address").asText(), resource.path("expressions"));
    }
    module
        .path("module_calls")
        .properties()
        .forEach(
            call ->
                index(
                    call.getValue().path("module"),
                    (path.isEmpty() ? "" : path + ".") + "module." + call.getKey(),
                    expressions));
  }

  private static String withoutIndex(String address) {
    return address.replaceFirst("\\[[^\\]]*\\]$", "");
  }

  /** {@code module.a["x"].module.b[0]} → {@code module.a.module.b}. */
  private static String withoutIndexes(String moduleAddress) {
    Matcher m = MODULE.matcher(moduleAddress);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add("module." + m.group(1));
    }
    return String.join(".", names);
  }

  /**
   * {@code after} in the API's shape: snake case to camel case, single blocks to objects, tags to
   * the API's list; what {@code after_unknown} marks is recorded as unknown.
   */
  private JsonNode translate(
      JsonNode after, JsonNode unknown, String pointer, String path, Change change, ApiBody body) {
    body.line(path, change.tree().line(pointer));
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
        object.set(name, translate(value, valueUnknown, childPointer, childPath, change, body));
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
                body));
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
