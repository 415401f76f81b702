package dev.ecsguardrail.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void absentAndNull_areBothAbsent() {
    JsonNode node = json("{\"a\": null}");

    assertNull(StrictJson.text(node, "a", "$"));
    assertNull(StrictJson.integer(node, "b", "$"));
    assertNull(StrictJson.object(node, "a", "$"));
    assertEquals(List.of(), StrictJson.texts(node, "a", "$"));
    assertNull(StrictJson.text(null, "a", "$"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          integer from a fraction  | {"n": 2.5}          | n | integer | $.n should be an integer, got a number
          integer past int range   | {"n": 3000000000}   | n | integer | $.n should be an integer, got a number
          integer from a string    | {"n": "4"}          | n | integer | $.n should be an integer, got a string
          boolean from a string    | {"b": "true"}       | b | bool    | $.b should be true or false, got a string
          text from a number       | {"s": 1}            | s | text    | $.s should be a string, got a number
          object from an array     | {"o": []}           | o | object  | $.o should be an object, got an array
          list from an object      | {"l": {}}           | l | texts   | $.l should be an array, got an object
          string list with number  | {"l": ["a", 1]}     | l | texts   | $.l[1] should be a string, got a number
          required blank text      | {"s": " "}          | s | reqText | $.s is missing
          """)
  void wrongType_namesThePath(
      String scenario, String input, String field, String read, String msg) {
    JsonNode node = json(input);
    MalformedEventException e =
        assertThrows(
            MalformedEventException.class,
            () -> {
              switch (read) {
                case "integer" -> StrictJson.integer(node, field, "$");
                case "bool" -> StrictJson.bool(node, field, "$");
                case "text" -> StrictJson.text(node, field, "$");
                case "object" -> StrictJson.object(node, field, "$");
                case "texts" -> StrictJson.texts(node, field, "$");
                case "reqText" -> StrictJson.requiredText(node, field, "$");
                default -> throw new IllegalArgumentException(read);
              }
            });
    assertEquals(msg, e.getMessage());
  }

  @Test
  void treeOrNull_isNullForNonJson() {
    assertNull(StrictJson.treeOrNull("nope".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, StrictJson.treeOrNull("[1]".getBytes(StandardCharsets.UTF_8)).size());
  }
}
