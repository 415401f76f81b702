package dev.ecsguardrail.props;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.json.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One change to a JSON document at one place (a JSON Pointer): the value dropped, turned into
 * {@code null}, into another type, into an empty, huge or odd string, an out-of-range number, or a
 * deeply nested array. {@link #variant} picks among the values of a kind.
 */
public record JsonMutation(Kind kind, String pointer, int variant) {

  public enum Kind {
    /** The field (or array element) is removed; at the root, the document becomes empty. */
    DROP,
    /** {@code null} where the value was. */
    NULL,
    /** {@code ""}. */
    EMPTY_STRING,
    /** A string of 100,000 characters. */
    HUGE_STRING,
    /** An odd string: lone surrogates, RTL override, zero-width, NUL, CRLF, ANSI escapes, ... */
    ODD_TEXT,
    /** The same text with an odd string appended (a value that still looks almost right). */
    ODD_SUFFIX,
    /** A number: zero, negative, past int and long, huge, fractional. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code {}} where the value was. */
    EMPTY_OBJECT,
    /** {@code []} where the value was. */
    EMPTY_ARRAY,
    /** {@code [value]}: an array where an object (or string) was. */
    WRAP_IN_ARRAY,
    /** Arrays nested 10, 400 or 3,000 deep (past Jackson's nesting limit). */
    DEEP_NESTING
  }

  static final List<String> ODD_TEXTS =
      List.of(
          "\uD800",
          "\uDC00x",
          "abc\u202Edef",
          "\u200B",
          "\u0000",
          "a\r\nb",
          "\u001B[31mred\u001B[0m",
          "\uFEFF",
          "e\u0301\u0301\u0301",
          "\uD83D\uDEA8",
          "<!channel> @here <@U123>",
          "line\u2028sep\u0085",
          "  ",
          "%s%n${jndi:ldap://x}");

  static final List<JsonNode> NUMBERS =
      List.of(
          IntNode.valueOf(0),
          IntNode.valueOf(-1),
          LongNode.valueOf(2_147_483_648L),
          LongNode.valueOf(Long.MIN_VALUE),
          BigIntegerNode.valueOf(new BigInteger("1" + "0".repeat(40))),
          DoubleNode.valueOf(1.5),
          DoubleNode.valueOf(1e300),
          DecimalNode.valueOf(new BigDecimal("1E+400")),
          DoubleNode.valueOf(-0.0));

  static final int[] DEPTHS = {10, 400, 3_000};

  /** How many values a kind has to pick from (at least 1). */
  static int variants(Kind kind) {
    return switch (kind) {
      case ODD_TEXT, ODD_SUFFIX -> ODD_TEXTS.size();
      case NUMBER -> NUMBERS.size();
      case BOOLEAN -> 2;
      case DEEP_NESTING -> DEPTHS.length;
      default -> 1;
    };
  }

  private static final String DEEP_MARKER = "__deep-nesting-marker__";

  /** The document with these mutations applied in turn, as bytes (what a file or Lambda gives). */
  public static byte[] apply(JsonNode document, List<JsonMutation> mutations) {
    JsonNode root = document.deepCopy();
    Integer depth = null;
    for (JsonMutation m : mutations) {
      if (m.kind == Kind.DROP && m.pointer.isEmpty()) {
        return new byte[0];
      }
      if (m.kind == Kind.DEEP_NESTING) {
        depth = DEPTHS[m.variant % DEPTHS.length];
      }
      root = m.applyTo(root);
    }
    String json = root.toString();
    if (depth != null) {
      json = json.replace("\"" + DEEP_MARKER + "\"", "[".repeat(depth) + "]".repeat(depth));
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The tree with this mutation applied (the tree itself when the pointer no longer exists). */
  JsonNode applyTo(JsonNode root) {
    if (pointer.isEmpty()) {
      return replacement(root);
    }
    JsonPointer at = JsonPointer.compile(pointer);
    JsonNode parent = root.at(at.head());
    JsonNode current = root.at(at);
    if (current.isMissingNode()) {
      return root; // an earlier mutation removed it
    }
    String last = at.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      if (kind == Kind.DROP) {
        object.remove(last);
      } else {
        object.set(last, replacement(current));
      }
    } else if (parent instanceof ArrayNode array) {
      int index = at.last().getMatchingIndex();
      if (kind == Kind.DROP) {
        array.remove(index);
      } else {
        array.set(index, replacement(current));
      }
    }
    return root;
  }

  private JsonNode replacement(JsonNode current) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (kind) {
      case DROP, NULL -> NullNode.getInstance();
      case EMPTY_STRING -> TextNode.valueOf("");
      case HUGE_STRING -> TextNode.valueOf("x".repeat(100_000));
      case ODD_TEXT -> TextNode.valueOf(ODD_TEXTS.get(variant % ODD_TEXTS.size()));
      case ODD_SUFFIX ->
          TextNode.valueOf(
              (current.isTextual() ? current.asText() : current.toString())
                  + ODD_TEXTS.get(variant % ODD_TEXTS.size()));
      case NUMBER -> NUMBERS.get(variant % NUMBERS.size());
      case BOOLEAN -> BooleanNode.valueOf(variant % 2 == 0);
      case EMPTY_OBJECT -> nodes.objectNode();
      case EMPTY_ARRAY -> nodes.arrayNode();
      case WRAP_IN_ARRAY -> nodes.arrayNode().add(current.deepCopy());
      case DEEP_NESTING -> TextNode.valueOf(DEEP_MARKER);
    };
  }

  /**
   * Whether the value at the pointer ends up absent or {@code null} (what the parsers treat alike).
   */
  boolean removes() {
    return kind == Kind.DROP || kind == Kind.NULL;
  }

  @Override
  public String toString() {
    return kind
        + (variants(kind) > 1 ? "#" + (variant % variants(kind)) : "")
        + " at '"
        + pointer
        + "'";
  }

  /** Parses bytes as the product does; {@code null} when they are not JSON. */
  public static JsonNode tree(byte[] bytes) {
    return StrictJson.treeOrNull(bytes);
  }
}
