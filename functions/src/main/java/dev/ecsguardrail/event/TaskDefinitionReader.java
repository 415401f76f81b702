package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.asObject;
import static dev.ecsguardrail.json.StrictJson.integer;
import static dev.ecsguardrail.json.StrictJson.list;
import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.text;
import static dev.ecsguardrail.json.StrictJson.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.model.ContainerView;
import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.model.Unknowns;

/**
 * Reads a task definition from a file: a RegisterTaskDefinition request body or a
 * DescribeTaskDefinition response ({@code {"taskDefinition": {...}}}).
 */
public final class TaskDefinitionReader {

  private TaskDefinitionReader() {}

  public static TaskDefinitionView read(JsonNode json, String source) {
    return read(json, source, Unknowns.NONE);
  }

  /**
   * A task definition a pre-deploy input was read into.
   *
   * @param unknowns the fields the input leaves unknown: the view raises them when read
   */
  public static TaskDefinitionView read(JsonNode json, String source, Unknowns unknowns) {
    if (!json.isObject()) {
      throw new MalformedEventException(source + " should be a JSON object");
    }
    JsonNode td = json.has("taskDefinition") ? object(json, "taskDefinition", source) : json;
    String path = json.has("taskDefinition") ? source + ".taskDefinition" : source;
    String family = text(td, "family", path);
    if (family == null) {
      throw new MalformedEventException(path + ".family is missing: not a task definition");
    }
    JsonNode platform = object(td, "runtimePlatform", path);
    JsonNode proxy = object(td, "proxyConfiguration", path);
    try {
      return new TaskDefinitionView(
          text(td, "taskDefinitionArn", path),
          family,
          text(td, "networkMode", path),
          texts(td, "requiresCompatibilities", path),
          TaskDefinitionView.cpuUnits(text(td, "cpu", path)),
          TaskDefinitionView.memoryMib(text(td, "memory", path)),
          text(platform, "operatingSystemFamily", path + ".runtimePlatform"),
          text(platform, "cpuArchitecture", path + ".runtimePlatform"),
          text(proxy, "type", path + ".proxyConfiguration"),
          list(
              td,
              "containerDefinitions",
              path,
              (node, at) -> container(node, at, unknowns.at(ServiceConfigReader.element(at)))),
          unknowns);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(path + ": " + e.getMessage());
    }
  }

  private static ContainerView container(JsonNode node, String path, Unknowns unknowns) {
    asObject(node, path);
    String name = text(node, "name", path);
    return new ContainerView(
        name,
        integer(node, "cpu", path),
        integer(node, "memory", path),
        integer(node, "memoryReservation", path),
        list(
            node,
            "portMappings",
            path,
            (port, at) -> {
              asObject(port, at);
              return new PortMapping(
                  name,
                  text(port, "name", at),
                  integer(port, "containerPort", at),
                  text(port, "appProtocol", at),
                  unknowns.at(ServiceConfigReader.element(at)));
            }),
        unknowns);
  }
}
