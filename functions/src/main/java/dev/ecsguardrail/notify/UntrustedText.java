package dev.ecsguardrail.notify;

import java.util.regex.Pattern;

/**
 * Values that come from events (resource names, tags, user agents, error messages) as every message
 * shows them: on one line, with no control character and no bidirectional override, so that a name
 * cannot start a line of its own, hide what follows it, or reverse it on screen.
 */
final class UntrustedText {

  /**
   * C0 and C1 controls (line breaks, NUL, ESC of ANSI sequences), DEL, the Unicode line and
   * paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
   */
  private static final Pattern CONTROL =
      Pattern.compile(
          "[\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}\\x{061C}\\x{200E}\\x{200F}"
              + "\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");

  private UntrustedText() {}

  /** Each such character replaced by a space; {@code null} reads as {@code "null"}. */
  static String oneLine(Object value) {
    return CONTROL.matcher(String.valueOf(value)).replaceAll(" ");
  }

  /** At most {@code max} characters: longer, cut (never inside a surrogate pair) and marked "…". */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
