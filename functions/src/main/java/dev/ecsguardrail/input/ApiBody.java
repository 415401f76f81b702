package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.model.UnknownValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body in the ECS API's shape (what {@code ServiceConfigReader} and {@code
 * TaskDefinitionReader} read) being built from a plan or template: where each field came from, and
 * the fields the input leaves unknown.
 */
final class ApiBody {

  /** Numbers below the top level that CloudFormation and Terraform may write as strings. */
  private static final Set<String> INTEGERS =
      Set.of(
          "cpu",
          "memory",
          "memoryReservation",
          "containerPort",
          "hostPort",
          "port",
          "ingressPortOverride",
          "desiredCount");

  private static final Set<String> BOOLEANS = Set.of("enabled", "essential");

  final Map<String, SourceLocation> locations = new HashMap<>();
  final List<UnknownValue> unknowns = new ArrayList<>();

  void at(String path, SourceLocation where) {
    locations.putIfAbsent(path, where);
  }

  void unknown(String path, String why) {
    unknowns.add(new UnknownValue(path, why));
  }

  /**
   * The input defines {@code path}'s value itself (a resource of the same plan): no longer unknown.
   *
   * @return whether it was unknown
   */
  boolean definedHere(String path) {
    return unknowns.removeIf(u -> u.path().equals(path));
  }

  static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  /** {@code ServiceConnectConfiguration} → {@code serviceConnectConfiguration}. */
  static String lowerCamel(String pascal) {
    return pascal.isEmpty()
        ? pascal
        : Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
  }

  /** {@code service_connect_configuration} → {@code serviceConnectConfiguration}. */
  static String camel(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /**
   * The value as the API types it: CloudFormation's {@code "512"} for a container's memory and
   * {@code "true"} for a boolean (both allowed), a task's {@code Cpu: 256} as the API's string.
   * Anything else is left as it is, for the strict readers to refuse with its path.
   */
  static JsonNode typed(String path, JsonNode value) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    boolean topLevel = path.indexOf('.') < 0 && path.indexOf('[') < 0;
    if (topLevel && (name.equals("cpu") || name.equals("memory")) && value.isNumber()) {
      return TextNode.valueOf(value.asText());
    }
    boolean integer = INTEGERS.contains(name) && (!topLevel || name.equals("desiredCount"));
    if (integer && value.isTextual() && value.asText().matches("-?[0-9]{1,9}")) {
      return IntNode.valueOf(Integer.parseInt(value.asText()));
    }
    if (BOOLEANS.contains(name) && value.isTextual()) {
      return switch (value.asText()) {
        case "true" -> BooleanNode.TRUE;
        case "false" -> BooleanNode.FALSE;
        default -> value;
      };
    }
    return value;
  }

  /**
   * Findings name containers and ports by name ({@code
   * containerDefinitions[app].portMappings[http]}): the same locations under those names.
   */
  void nameContainers(ObjectNode taskDefinition) {
    JsonNode containers = taskDefinition.path("containerDefinitions");
    for (int i = 0; i < containers.size(); i++) {
      JsonNode container = containers.get(i);
      String byIndex = element("containerDefinitions", i);
      String byName = "containerDefinitions[" + container.path("name").asText(null) + "]";
      alias(byIndex, byName);
      JsonNode ports = container.path("portMappings");
      for (int j = 0; j < ports.size(); j++) {
        alias(
            element(byIndex + ".portMappings", j),
            byName + ".portMappings[" + ports.get(j).path("name").asText(null) + "]");
      }
    }
  }

  private void alias(String path, String alias) {
    SourceLocation where = locations.get(path);
    if (where != null) {
      locations.putIfAbsent(alias, where);
    }
  }
}
