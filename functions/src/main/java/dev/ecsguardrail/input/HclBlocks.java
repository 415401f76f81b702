package dev.ecsguardrail.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code resource "type" "name" { ... }} blocks of a {@code .tf} file, with the line of each
 * attribute and nested block written in them: where a user edits what a plan says. Not an HCL
 * parser: it knows strings (with {@code ${...}} templates), heredocs, comments and brackets, enough
 * to tell an attribute ({@code name = ...}, whatever its expression spans) from a block ({@code name
 * "label" {}). A file it cannot follow gives what it found before.
 */
final class HclBlocks {

  /**
   * One resource block.
   *
   * @param lines by path: blocks indexed among their siblings of the same name, attributes not
   *     ({@code service_connect_configuration[0].service[1].port_name}); a {@code dynamic "x"}
   *     block is written as block {@code x}
   */
  record Resource(String type, String name, int line, Map<String, Integer> lines) {}

  private enum Kind {
    WORD,
    STRING,
    EQUALS,
    OPEN_BRACE,
    CLOSE_BRACE,
    OPEN,
    CLOSE,
    NEWLINE,
    OTHER
  }

  private record Token(Kind kind, String text, int line) {}

  private final List<Token> tokens;
  private int at;

  private HclBlocks(List<Token> tokens) {
    this.tokens = tokens;
  }

  static List<Resource> resources(String text) {
    return new HclBlocks(new Scanner(text).tokens()).resources();
  }

  private List<Resource> resources() {
    List<Resource> resources = new ArrayList<>();
    while (skipNewlines()) {
      Token first = tokens.get(at);
      if (first.kind() == Kind.CLOSE_BRACE) {
        at++; // one too many: skipped
        continue;
      }
      List<String> labels = new ArrayList<>();
      if (!item(labels)) {
        Map<String, Integer> lines = new HashMap<>();
        body("", lines, false);
        if (first.text().equals("resource") && labels.size() == 2) {
          resources.add(new Resource(labels.get(0), labels.get(1), first.line(), lines));
        }
      }
    }
    return resources;
  }

  /**
   * Reads a block's items up to its closing brace, recording each item's line under {@code path}.
   *
   * @param dynamic the body of a {@code dynamic} block, whose {@code content} block is its own body
   */
  private void body(String path, Map<String, Integer> lines, boolean dynamic) {
    Map<String, Integer> counts = new HashMap<>();
    while (skipNewlines()) {
      Token first = tokens.get(at);
      if (first.kind() == Kind.CLOSE_BRACE) {
        at++;
        return;
      }
      List<String> labels = new ArrayList<>();
      boolean attribute = item(labels);
      String name = first.text();
      if (attribute) {
        if (first.kind() == Kind.WORD) {
          lines.putIfAbsent(join(path, name), first.line());
        }
        continue;
      }
      if (dynamic && name.equals("content")) {
        body(path, lines, false);
        continue;
      }
      boolean isDynamic = name.equals("dynamic") && labels.size() == 1;
      String block = isDynamic ? labels.getFirst() : name;
      int index = counts.merge(block, 1, Integer::sum) - 1;
      String child = join(path, block + "[" + index + "]");
      lines.putIfAbsent(child, first.line());
      body(child, lines, isDynamic);
    }
  }

  /**
   * Reads one item's head: an attribute and its whole expression, or a block's labels and its
   * opening brace (its body is left to read).
   *
   * @return whether it was an attribute (or something unreadable, skipped to the line's end)
   */
  private boolean item(List<String> labels) {
    if (tokens.get(at).kind() != Kind.WORD) {
      skipExpression();
      return true;
    }
    at++;
    while (at < tokens.size()) {
      Token token = tokens.get(at++);
      switch (token.kind()) {
        case EQUALS -> {
          skipExpression();
          return true;
        }
        case OPEN_BRACE -> {
          return false;
        }
        case STRING, WORD -> labels.add(token.text());
        default -> {
          at--;
          skipExpression();
          return true;
        }
      }
    }
    return true;
  }

  /** Up to the end of the line, past whatever brackets the expression opens on it. */
  private void skipExpression() {
    int depth = 0;
    while (at < tokens.size()) {
      Kind kind = tokens.get(at).kind();
      if (depth <= 0 && (kind == Kind.NEWLINE || kind == Kind.CLOSE_BRACE)) {
        return;
      }
      at++;
      if (kind == Kind.OPEN || kind == Kind.OPEN_BRACE) {
        depth++;
      } else if (kind == Kind.CLOSE || kind == Kind.CLOSE_BRACE) {
        depth--;
      }
    }
  }

  /**
   * @return whether a token is left
   */
  private boolean skipNewlines() {
    while (at < tokens.size() && tokens.get(at).kind() == Kind.NEWLINE) {
      at++;
    }
    return at < tokens.size();
  }

  private static String join(String path, String step) {
    return path.isEmpty() ? step : path + "." + step;
  }

  /** Characters to tokens: strings, heredocs and comments are consumed whole. */
  private static final class Scanner {

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int i;
    private int line = 1;

    Scanner(String text) {
      this.text = text;
    }

    List<Token> tokens() {
      while (i < text.length()) {
        char c = text.charAt(i);
        int start = line;
        if (c == '\n') {
          i++;
          line++;
          add(Kind.NEWLINE, "", start);
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#' || text.startsWith("//", i)) {
          skipTo("\n");
        } else if (text.startsWith("/*", i)) {
          i += 2;
          skipTo("*/");
          i += 2;
        } else if (c == '"') {
          int from = i + 1;
          string();
          add(Kind.STRING, text.substring(from, Math.max(from, i - 1)), start);
        } else if (text.startsWith("<<", i) && heredoc()) {
          add(Kind.STRING, "", start);
        } else if (Character.isLetter(c) || c == '_') {
          int from = i;
          while (i < text.length()
              && (Character.isLetterOrDigit(text.charAt(i)) || "_-".indexOf(text.charAt(i)) >= 0)) {
            i++;
          }
          add(Kind.WORD, text.substring(from, i), start);
        } else {
          i++;
          boolean comparison = c == '=' && i < text.length() && text.charAt(i) == '=';
          add(
              switch (c) {
                case '=' -> comparison ? Kind.OTHER : Kind.EQUALS;
                case '{' -> Kind.OPEN_BRACE;
                case '}' -> Kind.CLOSE_BRACE;
                case '[', '(' -> Kind.OPEN;
                case ']', ')' -> Kind.CLOSE;
                default -> Kind.OTHER;
              },
              String.valueOf(c),
              start);
          if (comparison || (i < text.length() && text.charAt(i) == '=' && "!<>".indexOf(c) >= 0)) {
            i++; // ==, !=, <=, >=: not an attribute's =
          }
        }
      }
      return tokens;
    }

    private void add(Kind kind, String value, int at) {
      tokens.add(new Token(kind, value, at));
    }

    /** From an opening quote past its closing one, templates ({@code ${...}}) and all. */
    private void string() {
      i++;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\\') {
          i += 2;
        } else if (c == '"') {
          i++;
          return;
        } else if (c == '\n') {
          return; // unterminated: HCL strings end with their line
        } else if ((c == '$' || c == '%') && text.startsWith("{", i + 1)) {
          i += 2;
          template();
        } else {
          i++;
        }
      }
    }

    /** Inside {@code ${...}}: up to its closing brace, past nested strings and braces. */
    private void template() {
      int depth = 1;
      while (i < text.length() && depth > 0) {
        char c = text.charAt(i);
        if (c == '"') {
          string();
          continue;
        }
        if (c == '\n') {
          line++;
        }
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        i++;
      }
    }

    /** {@code <<EOT} or {@code <<-EOT} to the line holding only {@code EOT}; false when not one. */
    private boolean heredoc() {
      int from = i + (text.startsWith("<<-", i) ? 3 : 2);
      int end = from;
      while (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      if (end == from) {
        return false;
      }
      String marker = text.substring(from, end);
      i = end;
      skipTo("\n");
      while (i < text.length()) {
        i++; // the newline
        line++;
        int lineEnd = text.indexOf('\n', i);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        boolean closing = text.substring(i, lineEnd).strip().equals(marker);
        i = lineEnd;
        if (closing) {
          return true;
        }
      }
      return true;
    }

    /** To the next {@code stop} (not past it), counting lines. */
    private void skipTo(String stop) {
      while (i < text.length() && !text.startsWith(stop, i)) {
        if (text.charAt(i) == '\n' && !stop.equals("\n")) {
          line++;
        }
        i++;
      }
    }
  }
}
