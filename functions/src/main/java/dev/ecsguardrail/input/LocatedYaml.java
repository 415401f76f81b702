package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation YAML template read into the JSON form CloudFormation itself uses: short-form
 * intrinsics ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) become {@code {"Ref": "X"}},
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code {"Fn::Sub": ...}}. SnakeYAML's node tree keeps each
 * node's line; its composer refuses more than 50 aliases to collections (a billion-laughs
 * document), and this reader stops at {@link #MAX_NODES} nodes after aliases are expanded.
 */
final class LocatedYaml {

  /** Far above any template CloudFormation accepts (1 MB): the expansion of a few aliases. */
  static final int MAX_NODES = 1_000_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String file;
  private final Map<String, Located.Position> positions = new HashMap<>();
  private int nodes;

  private LocatedYaml(String file) {
    this.file = file;
  }

  static Located parse(byte[] yaml, String file) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(yaml.length + 1);
    options.setNestingDepthLimit(64);
    Node root;
    try {
      root =
          new Yaml(options)
              .compose(
                  new InputStreamReader(new ByteArrayInputStream(yaml), StandardCharsets.UTF_8));
    } catch (MarkedYAMLException e) {
      String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new MalformedEventException(
          file + " is not YAML: " + problem + (line > 0 ? " (line " + line + ")" : ""));
    } catch (YAMLException e) {
      throw new MalformedEventException(file + " is not YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new MalformedEventException(file + " is empty");
    }
    LocatedYaml reader = new LocatedYaml(file);
    return new Located(reader.convert(root, ""), reader.positions);
  }

  private JsonNode convert(Node node, String pointer) {
    if (++nodes > MAX_NODES) {
      throw new MalformedEventException(
          file + " expands to more than " + MAX_NODES + " YAML nodes (aliases?): refused");
    }
    positions.putIfAbsent(pointer, position(node));
    String tag = node.getTag().getValue();
    if (tag.startsWith("!") && !tag.startsWith("!!")) {
      return intrinsic(tag.substring(1), node, pointer);
    }
    return content(node, pointer, true);
  }

  /**
   * A node's value without its tag.
   *
   * @param typed a plain scalar is read as YAML types it (an intrinsic's argument stays a string)
   */
  private JsonNode content(Node node, String pointer, boolean typed) {
    return switch (node) {
      case MappingNode mapping -> mapping(mapping, pointer);
      case SequenceNode sequence -> {
        ArrayNode array = NODES.arrayNode();
        for (Node item : sequence.getValue()) {
          array.add(convert(item, Located.child(pointer, array.size())));
        }
        yield array;
      }
      case ScalarNode scalar -> typed ? scalar(scalar) : NODES.textNode(scalar.getValue());
      default -> throw new MalformedEventException(file + ": unexpected YAML node " + node);
    };
  }

  private ObjectNode mapping(MappingNode mapping, String pointer) {
    ObjectNode object = NODES.objectNode();
    List<MappingNode> merges = new ArrayList<>();
    for (NodeTuple entry : mapping.getValue()) {
      if (!(entry.getKeyNode() instanceof ScalarNode key)) {
        throw new MalformedEventException(
            file + ": a key that is not a string at line " + line(entry.getKeyNode()));
      }
      if (key.getTag().equals(Tag.MERGE) && entry.getValueNode() instanceof MappingNode merged) {
        merges.add(merged);
        continue;
      }
      String name = key.getValue();
      if (object.has(name)) {
        throw new MalformedEventException(
            file + ": duplicate key '" + name + "' at line " + line(key));
      }
      String child = Located.child(pointer, name);
      positions.put(child, position(key));
      object.set(name, convert(entry.getValueNode(), child));
    }
    // <<: *defaults — the merged keys, where the mapping does not set them itself
    for (MappingNode merged : merges) {
      mapping(merged, pointer)
          .properties()
          .forEach(e -> object.putIfAbsent(e.getKey(), e.getValue()));
    }
    return object;
  }

  /**
   * {@code !Ref X} → {@code {"Ref": "X"}}, {@code !GetAtt A.B} → {@code {"Fn::GetAtt": [A, B]}}.
   */
  private JsonNode intrinsic(String name, Node node, String pointer) {
    JsonNode value;
    if (name.equals("GetAtt") && node instanceof ScalarNode scalar) {
      String[] parts = scalar.getValue().split("\\.", 2);
      ArrayNode pair = NODES.arrayNode().add(parts[0]);
      value = parts.length == 2 ? pair.add(parts[1]) : pair;
    } else {
      value = content(node, pointer, false);
    }
    String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
    return NODES.objectNode().set(key, value);
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (tag.equals(Tag.INT)) {
        BigInteger value = new BigInteger(text.replace("_", ""));
        return value.bitLength() < 32
            ? NODES.numberNode(value.intValue())
            : NODES.numberNode(value);
      }
      if (tag.equals(Tag.FLOAT)) {
        return NODES.numberNode(Double.parseDouble(text));
      }
    } catch (NumberFormatException e) {
      return NODES.textNode(text); // 0x1F, 0o17, .inf: a string, which the readers then refuse
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(
          switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            default -> false;
          });
    }
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    return NODES.textNode(text);
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static Located.Position position(Node node) {
    return new Located.Position(line(node), node.getStartMark().getColumn() + 1);
  }
}
