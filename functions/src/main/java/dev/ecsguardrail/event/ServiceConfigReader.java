package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.asObject;
import static dev.ecsguardrail.json.StrictJson.bool;
import static dev.ecsguardrail.json.StrictJson.integer;
import static dev.ecsguardrail.json.StrictJson.list;
import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.ServiceConnectConfig;
import dev.ecsguardrail.model.ServiceConnectService;
import dev.ecsguardrail.model.Unknowns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ServiceConfig} from a CreateService/UpdateService request body or from the {@code
 * Service} object of a response, following the ECS API model.
 */
public final class ServiceConfigReader {

  private ServiceConfigReader() {}

  /**
   * A CreateService or UpdateService request body. Fields an UpdateService did not send are left
   * unknown ({@code null}, or Service Connect {@link ServiceConnectConfig#OFF}).
   */
  public static ServiceConfig fromRequest(JsonNode body, String path, boolean create) {
    return fromRequest(body, path, create, Unknowns.NONE);
  }

  /**
   * A request body a pre-deploy input was read into.
   *
   * @param unknowns the fields the input leaves unknown: the configuration raises them when read
   */
  public static ServiceConfig fromRequest(
      JsonNode body, String path, boolean create, Unknowns unknowns) {
    String name = create ? text(body, "serviceName", path) : text(body, "service", path);
    if (name == null) {
      throw new MalformedEventException(
          path + (create ? ".serviceName" : ".service") + " is missing");
    }
    String cluster = text(body, "cluster", path);
    JsonNode controller = object(body, "deploymentController", path);
    String controllerType = text(controller, "type", path + ".deploymentController");
    if (controllerType == null && create) {
      controllerType = "ECS"; // CreateService without a controller gets the ECS controller
    }
    JsonNode sc = object(body, "serviceConnectConfiguration", path);
    return new ServiceConfig(
        name,
        cluster == null ? "default" : cluster,
        text(body, "taskDefinition", path),
        integer(body, "desiredCount", path),
        text(body, "launchType", path),
        controllerType,
        strategy(body, path),
        sc == null
            ? ServiceConnectConfig.off(unknowns.at("serviceConnectConfiguration"))
            : serviceConnect(
                sc,
                path + ".serviceConnectConfiguration",
                unknowns.at("serviceConnectConfiguration")),
        list(body, "serviceRegistries", path, StrictJson::asObject).size(),
        null,
        tags(body, path),
        capacityProviders(body, path),
        unknowns);
  }

  /** The {@code Service} of a CreateService/UpdateService response. */
  public static ServiceConfig fromResponse(JsonNode service, String path) {
    String name = text(service, "serviceName", path);
    if (name == null) {
      name = StrictJson.requiredText(service, "serviceArn", path);
    }
    List<JsonNode> deployments = list(service, "deployments", path, StrictJson::asObject);
    JsonNode primary =
        deployments.stream()
            .filter(d -> "PRIMARY".equals(d.path("status").asText(null)))
            .findFirst()
            .orElse(null);
    String primaryPath = path + ".deployments[PRIMARY]";
    JsonNode sc = object(primary, "serviceConnectConfiguration", primaryPath);
    String taskDefinition = text(primary, "taskDefinition", primaryPath);
    if (taskDefinition == null) {
      taskDefinition = text(service, "taskDefinition", path);
    }
    JsonNode controller = object(service, "deploymentController", path);
    String controllerType = text(controller, "type", path + ".deploymentController");
    String cluster = text(service, "clusterArn", path);
    return new ServiceConfig(
        name,
        cluster == null ? "default" : cluster,
        taskDefinition,
        integer(service, "desiredCount", path),
        text(service, "launchType", path),
        controllerType == null ? "ECS" : controllerType,
        strategy(service, path),
        sc == null
            ? ServiceConnectConfig.OFF
            : serviceConnect(sc, primaryPath + ".serviceConnectConfiguration", Unknowns.NONE),
        list(service, "serviceRegistries", path, StrictJson::asObject).size(),
        text(service, "serviceArn", path),
        tags(service, path),
        capacityProviders(service, path));
  }

  /**
   * ECS tags ({@code [{"key":..,"value":..}]}); {@code null} ("read them from ECS") when the body
   * carries none or in another shape. Lenient on purpose: tags only feed exemptions, and unknown
   * tags mean no exemption and no enforcement, never a lost event.
   */
  private static Map<String, String> tags(JsonNode body, String path) {
    JsonNode array = body.get("tags");
    if (array == null || !array.isArray()) {
      return null;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : array) {
      if (!tag.path("key").isTextual()) {
        return null;
      }
      tags.put(tag.get("key").asText(), tag.path("value").asText(""));
    }
    return tags;
  }

  private static List<String> capacityProviders(JsonNode body, String path) {
    return list(
        body,
        "capacityProviderStrategy",
        path,
        (item, at) -> StrictJson.requiredText(asObject(item, at), "capacityProvider", at));
  }

  private static String strategy(JsonNode parent, String path) {
    JsonNode config = object(parent, "deploymentConfiguration", path);
    return text(config, "strategy", path + ".deploymentConfiguration");
  }

  private static ServiceConnectConfig serviceConnect(JsonNode sc, String path, Unknowns unknowns) {
    Boolean enabled = bool(sc, "enabled", path);
    if (enabled == null && unknowns.known("enabled")) {
      throw new MalformedEventException(path + ".enabled is missing");
    }
    return new ServiceConnectConfig(
        Boolean.TRUE.equals(enabled), // unknown: raised when read, the value never seen
        text(sc, "namespace", path),
        list(
            sc,
            "services",
            path,
            (node, at) -> {
              asObject(node, at);
              return new ServiceConnectService(
                  text(node, "portName", at),
                  text(node, "discoveryName", at),
                  object(node, "tls", at) != null,
                  unknowns.at(element(at)));
            }),
        object(sc, "logConfiguration", path) != null,
        accessLog(
            object(sc, "accessLogConfiguration", path),
            path + ".accessLogConfiguration",
            unknowns.at("accessLogConfiguration")),
        unknowns);
  }

  /** {@code ...services[2]} → {@code services[2]}: the element {@link StrictJson#list} reads. */
  static String element(String at) {
    return at.substring(at.lastIndexOf('.') + 1);
  }

  private static ServiceConnectConfig.AccessLog accessLog(
      JsonNode config, String path, Unknowns unknowns) {
    return config == null
        ? null
        : new ServiceConnectConfig.AccessLog(
            text(config, "format", path), text(config, "includeQueryParameters", path), unknowns);
  }
}
