package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed file with the line every value starts on, by JSON pointer ({@code /Resources/Api/Type}):
 * what lets a finding name the line of the property it is about.
 */
record Located(JsonNode root, Map<String, Integer> lines) {

  /** The line of the value at {@code pointer}, else of its closest enclosing value, else 1. */
  int line(String pointer) {
    String at = pointer;
    while (true) {
      Integer line = lines.get(at);
      if (line != null) {
        return line;
      }
      if (at.isEmpty()) {
        return 1;
      }
      at = at.substring(0, at.lastIndexOf('/'));
    }
  }

  /** One step down a JSON pointer, escaped as RFC 6901 says. */
  static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
