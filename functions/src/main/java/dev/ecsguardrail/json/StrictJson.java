package dev.ecsguardrail.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads from a Jackson tree that tell apart "absent" ({@code null}) from "wrong type" ({@link
 * MalformedEventException} naming the JSON path). Lenient readers would turn a damaged field into a
 * default and a damaged event into a false "compliant".
 */
public final class StrictJson {

  /** The one ObjectMapper of the process (built once; SnapStart primes it). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  public static JsonNode parse(byte[] json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new MalformedEventException(what + " is empty");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedEventException(what + " is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedEventException(what + " cannot be read: " + e.getMessage());
    }
  }

  /** The tree, or {@code null} when the bytes are not JSON (the caller reports it elsewhere). */
  public static JsonNode treeOrNull(byte[] json) {
    try {
      return parse(json, "the input");
    } catch (MalformedEventException e) {
      return null;
    }
  }

  public static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value != null && !value.isObject()) {
      throw wrongType(path, field, "an object", value);
    }
    return value;
  }

  public static JsonNode requiredObject(JsonNode parent, String field, String path) {
    JsonNode value = object(parent, field, path);
    if (value == null) {
      throw new MalformedEventException(path + "." + field + " is missing");
    }
    return value;
  }

  public static String text(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value != null && !value.isTextual()) {
      throw wrongType(path, field, "a string", value);
    }
    return value == null ? null : value.asText();
  }

  public static String requiredText(JsonNode parent, String field, String path) {
    String value = text(parent, field, path);
    if (value == null || value.isBlank()) {
      throw new MalformedEventException(path + "." + field + " is missing");
    }
    return value;
  }

  public static Integer integer(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value != null && !(value.isIntegralNumber() && value.canConvertToInt())) {
      throw wrongType(path, field, "an integer", value);
    }
    return value == null ? null : value.intValue();
  }

  public static Boolean bool(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value != null && !value.isBoolean()) {
      throw wrongType(path, field, "true or false", value);
    }
    return value == null ? null : value.booleanValue();
  }

  /** The elements of an array field read with {@code reader}; empty when the field is absent. */
  public static <T> List<T> list(
      JsonNode parent, String field, String path, ElementReader<T> reader) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(path, field, "an array", value);
    }
    List<T> items = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      items.add(reader.read(value.get(i), path + "." + field + "[" + i + "]"));
    }
    return items;
  }

  /** A list of strings, each checked. */
  public static List<String> texts(JsonNode parent, String field, String path) {
    return list(
        parent,
        field,
        path,
        (node, at) -> {
          if (!node.isTextual()) {
            throw new MalformedEventException(at + " should be a string, got " + kind(node));
          }
          return node.asText();
        });
  }

  /** Reads one array element; {@code path} locates it for error messages. */
  @FunctionalInterface
  public interface ElementReader<T> {
    T read(JsonNode node, String path);
  }

  /** Checks that an array element is an object. */
  public static JsonNode asObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new MalformedEventException(path + " should be an object, got " + kind(node));
    }
    return node;
  }

  private static JsonNode present(JsonNode parent, String field) {
    JsonNode value = parent == null ? null : parent.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static MalformedEventException wrongType(
      String path, String field, String expected, JsonNode value) {
    return new MalformedEventException(
        path + "." + field + " should be " + expected + ", got " + kind(value));
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
