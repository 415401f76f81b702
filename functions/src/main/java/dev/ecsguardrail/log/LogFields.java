package dev.ecsguardrail.log;

import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * The structured fields of a log line, as {@link StructuredArguments#entry} makes them, with the
 * control characters of string values written out as {@code \}{@code uXXXX} text.
 *
 * <p>Powertools (2.9.0) writes a structured string with only {@code \}, {@code "}, line breaks,
 * tabs, backspace and form feed escaped: a NUL or the ESC of an ANSI sequence in a service name, a
 * tag or an error message went into the log raw, which made the line invalid JSON (CloudWatch Logs
 * Insights no longer reads its fields) and put terminal escapes in front of whoever reads the log.
 * The message itself is escaped by log4j's JSON layout; only the fields need this.
 */
public final class LogFields {

  private LogFields() {}

  /** A field {@code key} = {@code value}; a string value with its control characters escaped. */
  public static StructuredArgument entry(String key, Object value) {
    return StructuredArguments.entry(key, value instanceof String s ? escaped(s) : value);
  }

  /** C0 controls (but those Powertools escapes itself), DEL and C1 as {@code \}{@code uXXXX}. */
  static String escaped(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape =
          (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f')
              || (c >= 0x7F && c <= 0x9F);
      if (escape && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (escape) {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }
}
