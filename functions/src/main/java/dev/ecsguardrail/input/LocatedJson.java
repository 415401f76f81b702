package dev.ecsguardrail.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON read into a tree with the line and column of every value, with the strict reader's settings
 * (no duplicate keys, Jackson's size and depth limits).
 */
final class LocatedJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LocatedJson() {}

  static Located parse(byte[] json, String file) {
    try (JsonParser parser = parser(json)) {
      if (parser.nextToken() == null) {
        throw new MalformedEventException(file + " is empty");
      }
      Map<String, Located.Position> positions = new HashMap<>();
      JsonNode root = read(parser, "", positions);
      if (parser.nextToken() != null) {
        throw new MalformedEventException(
            file + " is not JSON: more after the end, at line " + line(parser));
      }
      return new Located(root, positions);
    } catch (JsonProcessingException e) {
      throw notJson(file, e);
    } catch (IOException e) {
      throw new MalformedEventException(file + " cannot be read: " + e.getMessage());
    }
  }

  static JsonParser parser(byte[] json) throws IOException {
    return StrictJson.MAPPER
        .getFactory()
        .createParser(json)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  static MalformedEventException notJson(String file, JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return new MalformedEventException(file + " is not JSON: " + e.getOriginalMessage() + where);
  }

  /** The value whose first token the parser is on, its places recorded under {@code pointer}. */
  static JsonNode read(JsonParser parser, String pointer, Map<String, Located.Position> positions)
      throws IOException {
    positions.put(pointer, position(parser));
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          object.set(key, read(parser, Located.child(pointer, key), positions));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser, Located.child(pointer, array.size()), positions));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default ->
          throw new MalformedEventException("unexpected " + token + " at line " + line(parser));
    }
  }

  static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  static Located.Position position(JsonParser parser) {
    return new Located.Position(
        parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr());
  }
}
