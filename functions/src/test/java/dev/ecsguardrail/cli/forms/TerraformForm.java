package dev.ecsguardrail.cli.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario as {@code terraform show -json} writes its plan (format 1.2, one line): the cluster,
 * the namespace (unless named by ARN) and the task definition are created beside the service, which
 * refers to them, so its {@code cluster}, {@code task_definition} and {@code namespace} are known
 * only after apply and the configuration's references tell where they come from. With a previous
 * configuration, the service exists and the new name replaces it. Attribute names and blocks are
 * the hashicorp/aws provider's (6.x), written from its schema.
 */
public final class TerraformForm {

  private static final String PROVIDER = "registry.terraform.io/hashicorp/aws";
  private static final String VERSION = "1.14.1";

  /** Attributes whose value is a map, not a block: written whole. */
  private static final Set<String> MAPS = Set.of("tags", "options", "properties");

  /** Block and attribute names the provider spells otherwise than snake_case of the API's. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "serviceName", "name",
          "services", "service",
          "clientAliases", "client_alias",
          "issuerCertificateAuthority", "issuer_cert_authority",
          "secretOptions", "secret_option",
          "registryArn", "registry_arn");

  private TerraformForm() {}

  public static String plan(Scenario s) {
    boolean replaced = s.previous().isPresent();
    ObjectNode plan = StrictJson.MAPPER.createObjectNode();
    plan.put("format_version", "1.2");
    plan.put("terraform_version", VERSION);
    ArrayNode planned =
        plan.putObject("planned_values").putObject("root_module").putArray("resources");
    ArrayNode changes = plan.putArray("resource_changes");
    ArrayNode prior = StrictJson.MAPPER.createArrayNode();
    ArrayNode configured = StrictJson.MAPPER.createArrayNode();

    ObjectNode cluster = StrictJson.MAPPER.createObjectNode();
    cluster.put("name", s.cluster().get("name").asText());
    cluster.putArray("configuration");
    cluster.putArray("service_connect_defaults");
    cluster
        .putArray("setting")
        .addObject()
        .put("name", "containerInsights")
        .put("value", s.cluster().get("containerInsights").asText());
    cluster.putNull("tags");
    Resource clusterResource =
        new Resource(
            "aws_ecs_cluster", "prod", cluster, Map.of(), s.clusterArn(), List.of("arn", "id"));
    Resource namespace = null;
    if (!s.namespaceIsArn()) {
      ObjectNode values = StrictJson.MAPPER.createObjectNode().put("name", s.namespace());
      values.putNull("description");
      values.putNull("tags");
      namespace =
          new Resource(
              "aws_service_discovery_http_namespace",
              "shop",
              values,
              Map.of(),
              s.namespaceArn(),
              List.of("arn", "hosted_zone", "http_name", "id"));
    }
    Resource taskDefinition =
        new Resource(
            "aws_ecs_task_definition",
            "orders",
            taskDefinition(s.taskDefinition()),
            Map.of(),
            s.taskDefinitionArn(),
            List.of("arn", "arn_without_revision", "id", "revision"));
    Map<String, String> serviceRefs =
        namespace == null
            ? Map.of(
                "cluster", clusterResource.ref("id"), "task_definition", taskDefinition.ref("arn"))
            : Map.of(
                "cluster",
                clusterResource.ref("id"),
                "task_definition",
                taskDefinition.ref("arn"),
                "service_connect_configuration.namespace",
                namespace.ref("arn"));
    Resource service =
        new Resource(
            "aws_ecs_service", "orders", service(s.service()), serviceRefs, null, List.of("id"));

    for (Resource r :
        namespace == null
            ? List.of(clusterResource, taskDefinition, service)
            : List.of(clusterResource, namespace, taskDefinition, service)) {
      ObjectNode after = r.values.deepCopy();
      ObjectNode unknown = unknownShape(after);
      List.of("tags_all").forEach(a -> unknown.put(a, true));
      ObjectNode before = null;
      List<String> actions;
      if (r == service && replaced) {
        before = service(s.previous().get().service());
        resolve(before, s);
        before.put(
            "id",
            s.clusterArn().replace(":cluster/", ":service/") + "/" + before.get("name").asText());
        resolve(after, s);
        r.computed.forEach(a -> unknown.put(a, true));
        actions = List.of("delete", "create");
      } else if (replaced) {
        // The service's cluster, task definition and namespace exist: the plan leaves them.
        r.fillComputed(after);
        before = after;
        actions = List.of("no-op");
      } else {
        r.computed.forEach(a -> unknown.put(a, true));
        r.references.keySet().forEach(path -> markUnknown(after, unknown, path));
        actions = List.of("create");
      }
      planned.add(r.state(after)); // unknown values are left out of both, as Terraform does
      ObjectNode change = changes.addObject();
      r.identify(change);
      ObjectNode c = change.putObject("change");
      ArrayNode a = c.putArray("actions");
      actions.forEach(a::add);
      c.set("before", before == null ? NullNode.instance : before);
      c.set("after", after);
      c.set(
          "after_unknown",
          actions.equals(List.of("no-op")) ? StrictJson.MAPPER.createObjectNode() : unknown);
      c.set(
          "before_sensitive",
          before == null ? BooleanNode.FALSE : StrictJson.MAPPER.createObjectNode());
      c.putObject("after_sensitive");
      if (actions.contains("delete")) {
        c.putArray("replace_paths").addArray().add("name");
        change.put("action_reason", "replace_because_cannot_update");
        prior.add(r.state(before));
      } else if (replaced) {
        prior.add(r.state(before));
      }
      configured.add(r.configuration());
    }
    if (replaced) {
      ObjectNode state = StrictJson.MAPPER.createObjectNode();
      state.put("format_version", "1.0");
      state.put("terraform_version", VERSION);
      state.putObject("values").putObject("root_module").set("resources", prior);
      plan.set("prior_state", state);
    }
    ObjectNode configuration = plan.putObject("configuration");
    configuration
        .putObject("provider_config")
        .putObject("aws")
        .put("name", "aws")
        .put("full_name", PROVIDER);
    configuration.putObject("root_module").set("resources", configured);
    plan.put("timestamp", "2026-12-08T09:00:00Z");
    plan.put("applyable", true);
    plan.put("complete", true);
    plan.put("errored", false);
    try {
      return StrictJson.MAPPER.writeValueAsString(plan) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A resource of the root module, its values in the provider's names. */
  private record Resource(
      String type,
      String name,
      ObjectNode values,
      Map<String, String> references,
      String arn,
      List<String> computed) {

    /** The configuration's reference to one of its attributes, as Terraform lists it. */
    String ref(String attribute) {
      return type + "." + name + "." + attribute;
    }

    void identify(ObjectNode node) {
      node.put("address", type + "." + name);
      node.put("mode", "managed");
      node.put("type", type);
      node.put("name", name);
      node.put("provider_name", PROVIDER);
    }

    ObjectNode state(JsonNode values) {
      ObjectNode state = StrictJson.MAPPER.createObjectNode();
      identify(state);
      state.put("schema_version", type.equals("aws_ecs_task_definition") ? 1 : 0);
      state.set("values", values);
      state.putObject("sensitive_values");
      return state;
    }

    /** After apply: the ids and ARNs the provider computes. */
    void fillComputed(ObjectNode values) {
      for (String attribute : computed) {
        switch (attribute) {
          case "revision" -> values.put(attribute, 1);
          case "arn_without_revision" -> values.put(attribute, arn.replaceFirst(":\\d+$", ""));
          case "hosted_zone", "http_name" -> values.putNull(attribute);
          default -> values.put(attribute, arn);
        }
      }
    }

    ObjectNode configuration() {
      ObjectNode resource = StrictJson.MAPPER.createObjectNode();
      resource.put("address", type + "." + name);
      resource.put("mode", "managed");
      resource.put("type", type);
      resource.put("name", name);
      resource.put("provider_config_key", "aws");
      ObjectNode written = values.deepCopy();
      references.keySet().stream()
          .filter(path -> !path.contains("."))
          .forEach(attribute -> written.putIfAbsent(attribute, NullNode.instance));
      resource.set("expressions", expressions(written, "", references));
      resource.put("schema_version", 1);
      return resource;
    }
  }

  /**
   * How the .tf source wrote each attribute: a constant, a reference (its path and the object it
   * names, as Terraform lists references), or a function call ({@code jsonencode}: no constant).
   */
  private static ObjectNode expressions(
      JsonNode values, String prefix, Map<String, String> references) {
    ObjectNode expressions = StrictJson.MAPPER.createObjectNode();
    values
        .properties()
        .forEach(
            member -> {
              String path = prefix + member.getKey();
              JsonNode value = member.getValue();
              String ref = references.get(path);
              if (ref != null) {
                expressions
                    .putObject(member.getKey())
                    .putArray("references")
                    .add(ref)
                    .add(ref.substring(0, ref.lastIndexOf('.')));
              } else if (path.equals("container_definitions")) {
                expressions.putObject(member.getKey()); // jsonencode(...): not a constant
              } else if (isBlock(member.getKey(), value)) {
                ArrayNode blocks = expressions.putArray(member.getKey());
                value.forEach(b -> blocks.add(expressions(b, path + ".", references)));
              } else if (!value.isNull() && !(value.isArray() && value.isEmpty())) {
                expressions.putObject(member.getKey()).set("constant_value", value);
              }
            });
    return expressions;
  }

  private static boolean isBlock(String name, JsonNode value) {
    return !MAPS.contains(name) && value.isArray() && value.size() > 0 && value.get(0).isObject();
  }

  /**
   * {@code after_unknown}'s shape: nested blocks mirrored ({@code {}} for a block with nothing
   * unknown), list elements that are known written {@code false}, known scalars left out.
   */
  private static ObjectNode unknownShape(JsonNode after) {
    ObjectNode shape = StrictJson.MAPPER.createObjectNode();
    after
        .properties()
        .forEach(
            member -> {
              JsonNode value = member.getValue();
              if (value.isArray()) {
                ArrayNode elements = shape.putArray(member.getKey());
                value.forEach(
                    e -> elements.add(e.isObject() ? unknownShape(e) : BooleanNode.FALSE));
              } else if (value.isObject() && !MAPS.contains(member.getKey())) {
                shape.set(member.getKey(), unknownShape(value));
              }
            });
    return shape;
  }

  /** {@code a.b}: attribute b of a's first block. The value leaves {@code after}. */
  private static void markUnknown(ObjectNode after, ObjectNode unknown, String path) {
    String[] parts = path.split("\\.");
    ObjectNode a = after;
    ObjectNode u = unknown;
    for (int i = 0; i < parts.length - 1; i++) {
      a = (ObjectNode) a.get(parts[i]).get(0);
      u = (ObjectNode) u.get(parts[i]).get(0);
    }
    a.remove(parts[parts.length - 1]);
    u.put(parts[parts.length - 1], true);
  }

  /** The service's references as they are once the cluster, task definition and namespace exist. */
  private static void resolve(ObjectNode service, Scenario s) {
    service.put("cluster", s.clusterArn());
    service.put("task_definition", s.taskDefinitionArn());
    ((ObjectNode) service.get("service_connect_configuration").get(0))
        .put("namespace", s.namespaceArn());
  }

  private static ObjectNode service(JsonNode body) {
    ObjectNode service = StrictJson.MAPPER.createObjectNode();
    ObjectNode api = body.deepCopy();
    JsonNode network = api.remove("networkConfiguration");
    api.remove("cluster");
    api.remove("taskDefinition");
    snakeInto(service, api);
    if (network != null) {
      JsonNode vpc = network.get("awsvpcConfiguration");
      ObjectNode n = service.putArray("network_configuration").addObject();
      n.set("subnets", vpc.get("subnets"));
      n.set("security_groups", vpc.get("securityGroups"));
      n.put("assign_public_ip", "ENABLED".equals(vpc.path("assignPublicIp").asText()));
    } else {
      service.putArray("network_configuration");
    }
    for (String block :
        List.of(
            "deployment_controller",
            "service_registries",
            "load_balancer",
            "capacity_provider_strategy")) {
      if (!service.has(block)) {
        service.putArray(block);
      }
    }
    ObjectNode sc = (ObjectNode) service.get("service_connect_configuration").get(0);
    for (String block : List.of("log_configuration", "access_log_configuration")) {
      if (!sc.has(block)) {
        sc.putArray(block);
      }
    }
    for (JsonNode entry : sc.get("service")) {
      ObjectNode e = (ObjectNode) entry;
      e.putNull("ingress_port_override");
      e.putArray("timeout");
      if (!e.has("tls")) {
        e.putArray("tls");
      }
      e.get("client_alias").forEach(alias -> ((ObjectNode) alias).putArray("test_traffic_rules"));
    }
    service.putNull("tags");
    service.put("wait_for_steady_state", false);
    return service;
  }

  private static ObjectNode taskDefinition(JsonNode body) {
    ObjectNode td = StrictJson.MAPPER.createObjectNode();
    ObjectNode api = body.deepCopy();
    JsonNode containers = api.remove("containerDefinitions");
    JsonNode proxy = api.remove("proxyConfiguration");
    snakeInto(td, api);
    td.put("container_definitions", containers.toString());
    if (!td.has("runtime_platform")) {
      td.putArray("runtime_platform");
    }
    ArrayNode proxyBlocks = td.putArray("proxy_configuration");
    if (proxy != null) {
      ObjectNode p = proxyBlocks.addObject();
      p.put("type", proxy.get("type").asText());
      p.put("container_name", proxy.get("containerName").asText());
      ObjectNode properties = p.putObject("properties");
      proxy
          .get("properties")
          .forEach(e -> properties.put(e.get("name").asText(), e.get("value").asText()));
    }
    td.putArray("volume");
    td.putArray("placement_constraints");
    td.putNull("tags");
    td.put("skip_destroy", false);
    td.put("track_latest", false);
    return td;
  }

  /** The API's members in the provider's names: nested objects become blocks (lists of one). */
  private static void snakeInto(ObjectNode target, JsonNode api) {
    api.properties()
        .forEach(
            member -> {
              String name = RENAMED.getOrDefault(member.getKey(), snake(member.getKey()));
              JsonNode value = member.getValue();
              if (MAPS.contains(name)) {
                target.set(name, value);
              } else if (value.isObject()) {
                snakeInto(target.putArray(name).addObject(), value);
              } else if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
                ArrayNode blocks = target.putArray(name);
                value.forEach(e -> snakeInto(blocks.addObject(), e));
              } else {
                target.set(name, value);
              }
            });
  }

  private static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }
}
