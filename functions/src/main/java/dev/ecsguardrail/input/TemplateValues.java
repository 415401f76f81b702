package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a template's parameters, pseudo parameters, conditions and value functions ({@code Fn::If},
 * {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::FindInMap}) come to before
 * deploy. A value is known when every part of it is; otherwise it is unknown, with the part that is
 * and how to give it. References to the template's own resources are the reader's.
 */
final class TemplateValues {

  /** An intrinsic function's value: known, absent ({@code AWS::NoValue}), or unknown and why. */
  sealed interface Value {
    record Known(JsonNode node) implements Value {}

    record Absent() implements Value {}

    record Unknown(String why) implements Value {}
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final JsonNode template;
  private final Map<String, String> parameters;
  private final Stack stack;
  private final Map<String, Optional<Boolean>> conditions = new HashMap<>();

  /**
   * @param stack {@code null} in a hook request: CloudFormation resolved what it could
   */
  TemplateValues(JsonNode template, Map<String, String> parameters, Stack stack) {
    this(template, parameters, stack, Map.of());
  }

  private TemplateValues(
      JsonNode template, Map<String, String> parameters, Stack stack, Map<String, Boolean> forced) {
    this.template = template;
    this.parameters = Map.copyOf(parameters);
    this.stack = stack;
    forced.forEach((name, value) -> conditions.put(name, Optional.of(value)));
  }

  /** The same values in one scenario: these conditions, which the parameters leave open, set. */
  TemplateValues assuming(Map<String, Boolean> scenario) {
    return new TemplateValues(template, parameters, stack, scenario);
  }

  /**
   * The conditions to set, one scenario per assignment, for the {@code Fn::If}s under {@code node}
   * that the parameters leave open: the open conditions they rest on, so that a condition made of
   * others ({@code Fn::And}, {@code Condition}) follows from them in every scenario.
   */
  List<String> openConditions(JsonNode node) {
    List<String> names = new ArrayList<>();
    collectIfs(node, names);
    return names;
  }

  private void collectIfs(JsonNode node, List<String> names) {
    if (node.isObject()) {
      JsonNode ifArguments = node.size() == 1 ? node.get("Fn::If") : null;
      if (ifArguments != null && ifArguments.path(0).isTextual()) {
        leaves(ifArguments.get(0).asText(), names, new ArrayList<>());
      }
      node.forEach(child -> collectIfs(child, names));
    } else if (node.isArray()) {
      node.forEach(child -> collectIfs(child, names));
    }
  }

  private void leaves(String name, List<String> out, List<String> seen) {
    JsonNode definition = template.path("Conditions").path(name);
    if (definition.isMissingNode() || condition(name).isPresent() || seen.contains(name)) {
      return;
    }
    seen.add(name);
    List<String> parts = new ArrayList<>();
    definition.findValues("Condition").stream()
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(c -> condition(c).isEmpty())
        .forEach(parts::add);
    if (parts.isEmpty()) {
      if (!out.contains(name)) {
        out.add(name);
      }
    } else {
      parts.forEach(part -> leaves(part, out, seen));
    }
  }

  /**
   * Whether a scenario can happen: two conditions that compare one parameter with different values
   * ({@code Env = prod}, {@code Env = dev}) are not both true.
   */
  boolean possible(Map<String, Boolean> scenario) {
    Map<String, String> valueOf = new HashMap<>();
    for (Map.Entry<String, Boolean> c : scenario.entrySet()) {
      JsonNode equals = template.path("Conditions").path(c.getKey()).path("Fn::Equals");
      if (!c.getValue() || equals.size() != 2) {
        continue;
      }
      JsonNode ref = equals.get(0).has("Ref") ? equals.get(0) : equals.get(1);
      JsonNode literal = ref == equals.get(0) ? equals.get(1) : equals.get(0);
      if (ref.path("Ref").isTextual() && literal.isValueNode()) {
        String before = valueOf.put(ref.get("Ref").asText(), literal.asText());
        if (before != null && !before.equals(literal.asText())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A {@code Ref} to a parameter or pseudo parameter; empty for anything else (a resource).
   *
   * @param name what the {@code Ref} names
   */
  Optional<Value> ref(String name) {
    if (name.equals("AWS::NoValue")) {
      return Optional.of(new Value.Absent());
    }
    if (name.startsWith("AWS::")) {
      return Optional.of(pseudo(name));
    }
    if (parameters.containsKey(name)) {
      return Optional.of(new Value.Known(TextNode.valueOf(parameters.get(name))));
    }
    if (template.path("Parameters").has(name)) {
      return Optional.of(
          new Value.Unknown(
              "Ref "
                  + name
                  + " (a parameter with no default: give --parameter "
                  + name
                  + "=VALUE)"));
    }
    return Optional.empty();
  }

  /** A {@code Ref} where one string is wanted: a resource's is known only at deploy time. */
  private Value anyRef(String name) {
    return ref(name)
        .orElseGet(
            () ->
                new Value.Unknown(
                    template.path("Resources").has(name)
                        ? "Ref " + name + " (a resource, known at deploy time)"
                        : "Ref " + name + ", which the template does not define"));
  }

  private Value pseudo(String name) {
    if (stack == null) {
      return new Value.Unknown("Ref " + name + " (not resolved in the hook request)");
    }
    String value =
        switch (name) {
          case "AWS::Region" -> stack.region();
          case "AWS::AccountId" -> stack.account();
          case "AWS::Partition" -> stack.partition();
          case "AWS::URLSuffix" -> stack.urlSuffix();
          default -> null;
        };
    if (value != null) {
      return new Value.Known(TextNode.valueOf(value));
    }
    return new Value.Unknown(
        "Ref "
            + name
            + (name.equals("AWS::AccountId")
                ? " (give --account ACCOUNT_ID)"
                : " (known at deploy time)"));
  }

  /**
   * {@code Fn::If}: the branch its condition takes, not yet resolved (it may hold functions).
   *
   * @return the branch, or unknown when the condition cannot be decided
   */
  Value branch(JsonNode argument) {
    if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
      return new Value.Unknown("Fn::If that is not [condition, then, else]");
    }
    String name = argument.get(0).asText();
    if (!template.path("Conditions").has(name)) {
      return new Value.Unknown("Fn::If " + name + ", a condition the template does not define");
    }
    Optional<Boolean> decided = condition(name);
    if (decided.isEmpty()) {
      return new Value.Unknown("Fn::If " + name + " (" + undecided(name) + ")");
    }
    return new Value.Known(argument.get(decided.get() ? 1 : 2));
  }

  /** A condition's value from the parameters; empty when they do not decide it. */
  Optional<Boolean> condition(String name) {
    Optional<Boolean> known = conditions.get(name);
    if (known == null) {
      conditions.put(name, Optional.empty()); // a cycle is undecided, not a stack overflow
      JsonNode definition = template.path("Conditions").path(name);
      known = definition.isMissingNode() ? Optional.empty() : evaluate(definition);
      conditions.put(name, known);
    }
    return known;
  }

  private Optional<Boolean> evaluate(JsonNode expression) {
    if (!expression.isObject() || expression.size() != 1) {
      return Optional.empty();
    }
    String function = expression.fieldNames().next();
    JsonNode argument = expression.get(function);
    return switch (function) {
      case "Condition" -> condition(argument.asText(""));
      case "Fn::Not" -> evaluate(argument.path(0)).map(b -> !b);
      case "Fn::And" -> combine(argument, false);
      case "Fn::Or" -> combine(argument, true);
      case "Fn::Equals" -> equals(argument);
      default -> Optional.empty();
    };
  }

  /** And ({@code decisive} false) or Or (true): one decisive operand decides. */
  private Optional<Boolean> combine(JsonNode operands, boolean decisive) {
    boolean undecided = false;
    for (JsonNode operand : operands) {
      Optional<Boolean> value = evaluate(operand);
      if (value.isEmpty()) {
        undecided = true;
      } else if (value.get() == decisive) {
        return Optional.of(decisive);
      }
    }
    return undecided ? Optional.empty() : Optional.of(!decisive);
  }

  private Optional<Boolean> equals(JsonNode operands) {
    if (!operands.isArray() || operands.size() != 2) {
      return Optional.empty();
    }
    Value left = scalar(operands.get(0));
    Value right = scalar(operands.get(1));
    if (left instanceof Value.Known l && right instanceof Value.Known r) {
      return Optional.of(l.node().asText().equals(r.node().asText()));
    }
    return Optional.empty();
  }

  /** What to give for a condition to be decided: the parameters it reads that have no value. */
  private String undecided(String name) {
    List<String> missing = new ArrayList<>();
    collectRefs(template.path("Conditions").path(name), missing, new ArrayList<>());
    return missing.isEmpty()
        ? "undecided"
        : "undecided: give "
            + String.join(" ", missing.stream().map(p -> "--parameter " + p + "=VALUE").toList());
  }

  private void collectRefs(JsonNode node, List<String> missing, List<String> seen) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("Ref")
                    && e.getValue().isTextual()
                    && template.path("Parameters").has(e.getValue().asText())
                    && !parameters.containsKey(e.getValue().asText())
                    && !missing.contains(e.getValue().asText())) {
                  missing.add(e.getValue().asText());
                } else if (e.getKey().equals("Condition")
                    && e.getValue().isTextual()
                    && !seen.contains(e.getValue().asText())) {
                  seen.add(e.getValue().asText());
                  collectRefs(
                      template.path("Conditions").path(e.getValue().asText()), missing, seen);
                } else {
                  collectRefs(e.getValue(), missing, seen);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, missing, seen));
    }
  }

  /**
   * A value that must come to one string or number: {@code Fn::Sub}, {@code Fn::Join}, {@code
   * Fn::Select}, {@code Fn::FindInMap}, parameters, and literals.
   */
  Value scalar(JsonNode node) {
    if (node.isValueNode()) {
      return new Value.Known(TextNode.valueOf(node.asText()));
    }
    if (!node.isObject() || node.size() != 1) {
      return new Value.Unknown("not a single value");
    }
    String function = node.fieldNames().next();
    JsonNode argument = node.get(function);
    Value value =
        switch (function) {
          case "Ref" -> anyRef(argument.asText(""));
          case "Fn::If" -> branch(argument);
          case "Fn::Sub" -> sub(argument);
          case "Fn::Join" -> join(argument);
          case "Fn::Select" -> select(argument);
          case "Fn::FindInMap" -> findInMap(argument);
          default -> new Value.Unknown(function);
        };
    // Fn::If gives a branch that may itself be a function.
    return function.equals("Fn::If") && value instanceof Value.Known k ? scalar(k.node()) : value;
  }

  private Value sub(JsonNode argument) {
    JsonNode text = argument.isArray() ? argument.path(0) : argument;
    JsonNode variables = argument.isArray() ? argument.path(1) : MissingNode.getInstance();
    if (!text.isTextual()) {
      return new Value.Unknown("Fn::Sub without a string");
    }
    StringBuilder out = new StringBuilder();
    Matcher m = SUB_VARIABLE.matcher(text.asText());
    int from = 0;
    while (m.find()) {
      out.append(text.asText(), from, m.start());
      from = m.end();
      String name = m.group(1);
      if (name.startsWith("!")) {
        out.append("${").append(name.substring(1)).append('}'); // ${!Literal} is written as is
        continue;
      }
      Value part =
          variables.has(name)
              ? scalar(variables.get(name))
              : name.contains(".")
                  ? new Value.Unknown(name + ", an attribute known at deploy time")
                  : anyRef(name);
      if (!(part instanceof Value.Known known)) {
        return new Value.Unknown("Fn::Sub (${" + name + "}: " + why(part) + ")");
      }
      out.append(known.node().asText());
    }
    out.append(text.asText().substring(from));
    return new Value.Known(TextNode.valueOf(out.toString()));
  }

  private Value join(JsonNode argument) {
    if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
      return new Value.Unknown("Fn::Join that is not [delimiter, [values]]");
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode element : argument.get(1)) {
      Value part = scalar(element);
      if (part instanceof Value.Absent) {
        continue;
      }
      if (!(part instanceof Value.Known known)) {
        return new Value.Unknown("Fn::Join (" + why(part) + ")");
      }
      parts.add(known.node().asText());
    }
    return new Value.Known(TextNode.valueOf(String.join(argument.get(0).asText(""), parts)));
  }

  private Value select(JsonNode argument) {
    if (!argument.isArray() || argument.size() != 2) {
      return new Value.Unknown("Fn::Select that is not [index, [values]]");
    }
    Value index = scalar(argument.get(0));
    if (!(index instanceof Value.Known i) || !i.node().asText().matches("[0-9]{1,4}")) {
      return new Value.Unknown("Fn::Select (its index: " + why(index) + ")");
    }
    JsonNode list = argument.get(1);
    if (!list.isArray()) {
      return new Value.Unknown("Fn::Select from a list known at deploy time");
    }
    int at = Integer.parseInt(i.node().asText());
    return at < list.size()
        ? scalar(list.get(at))
        : new Value.Unknown("Fn::Select index " + at + " past the list");
  }

  private Value findInMap(JsonNode argument) {
    if (!argument.isArray() || argument.size() < 3) {
      return new Value.Unknown("Fn::FindInMap that is not [map, key, key]");
    }
    JsonNode at = template.path("Mappings");
    for (int i = 0; i < 3; i++) {
      Value key = scalar(argument.get(i));
      if (!(key instanceof Value.Known k)) {
        return new Value.Unknown("Fn::FindInMap (" + why(key) + ")");
      }
      at = at.path(k.node().asText());
    }
    return at.isValueNode()
        ? new Value.Known(TextNode.valueOf(at.asText()))
        : new Value.Unknown("Fn::FindInMap to a key the Mappings do not hold");
  }

  private static String why(Value value) {
    return value instanceof Value.Unknown u ? u.why() : "no value";
  }

  /**
   * The stack a template is deployed as, for its pseudo parameters.
   *
   * @param region {@code --region}
   * @param account {@code --account}; {@code null} when not given
   */
  record Stack(String region, String account) {

    String partition() {
      return region.startsWith("cn-")
          ? "aws-cn"
          : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    String urlSuffix() {
      return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }
  }
}
