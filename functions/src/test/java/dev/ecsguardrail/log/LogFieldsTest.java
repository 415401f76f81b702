package dev.ecsguardrail.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogFieldsTest {

  @Test
  void controlCharacters_areWrittenOutAsEscapes_lineBreaksAndTabsLeftToPowertools() {
    assertEquals(
        "a\\u0000b \\u001B[31mred\\u001B[0m \\u007F\\u0085 \r\n\t",
        LogFields.escaped("a\u0000b \u001B[31mred\u001B[0m \u007F\u0085 \r\n\t"));
  }

  @Test
  void plainText_isTheSameString() {
    String text = "prod/payments <!channel> \u202E é 🚨";
    assertSame(text, LogFields.escaped(text));
  }
}
