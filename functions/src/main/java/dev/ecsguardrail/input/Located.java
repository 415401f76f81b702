package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed file with the place every value starts at, by JSON pointer ({@code
 * /Resources/Api/Type}): what lets a finding name the line (and column) of the property it is
 * about.
 */
record Located(JsonNode root, Map<String, Position> positions) {

  /**
   * A place in a text.
   *
   * @param line 1-based
   * @param column 1-based; 0 when not known
   */
  record Position(int line, int column) {}

  /**
   * The place of the value at {@code pointer}, else of its closest enclosing value, else line 1.
   */
  Position position(String pointer) {
    String at = pointer;
    while (true) {
      Position position = positions.get(at);
      if (position != null) {
        return position;
      }
      if (at.isEmpty()) {
        return new Position(1, 0);
      }
      at = at.substring(0, at.lastIndexOf('/'));
    }
  }

  int line(String pointer) {
    return position(pointer).line();
  }

  /** One step down a JSON pointer, escaped as RFC 6901 says. */
  static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
