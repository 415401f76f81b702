package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan's {@code configuration}: the modules as written, by module path without instance keys
 * ({@code ""} for the root, {@code module.a.module.b}), and the resource an expression refers to,
 * followed through module outputs. Addresses in it are relative to their module.
 */
final class TerraformConfiguration {

  private static final Pattern RESOURCE = Pattern.compile("^([a-z0-9_]+)\\.([^.\\[]+)");

  /** {@code module.td.arn}, {@code module.td[0].arn}: a child module's output. */
  private static final Pattern OUTPUT =
      Pattern.compile("^module\\.([^.\\[]+)(?:\\[[^\\]]*\\])?\\.([^.\\[]+)");

  /** An instance key: {@code [0]}, {@code ["a.b"]}. */
  private static final Pattern INSTANCE_KEY =
      Pattern.compile("\\[(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\]\"]*)\\]");

  private final Map<String, JsonNode> modules = new HashMap<>();
  private final Map<String, String> sources = new HashMap<>();

  private TerraformConfiguration(JsonNode configuration) {
    index(configuration.path("root_module"), "");
  }

  static TerraformConfiguration of(JsonNode configuration) {
    return new TerraformConfiguration(configuration);
  }

  private void index(JsonNode module, String path) {
    modules.put(path, module);
    module
        .path("module_calls")
        .properties()
        .forEach(
            call -> {
              String called = child(path, call.getKey());
              sources.put(called, call.getValue().path("source").asText(""));
              index(call.getValue().path("module"), called);
            });
  }

  /**
   * The folder of a module's {@code .tf} files, relative to the root module's, as the {@code
   * source} of each call on the way gives it; {@code null} when one is not a local path (a registry
   * or Git module: its files are not the user's to edit).
   */
  String directory(String modulePath) {
    if (modulePath.isEmpty()) {
      return "";
    }
    String source = sources.getOrDefault(modulePath, "");
    int last = modulePath.lastIndexOf(".module.");
    String parent = directory(last < 0 ? "" : modulePath.substring(0, last));
    if (parent == null || !(source.startsWith("./") || source.startsWith("../"))) {
      return null;
    }
    return Path.of(parent).resolve(source).normalize().toString().replace('\\', '/');
  }

  /** The expressions of a resource, by its address relative to its module. */
  JsonNode expressions(String modulePath, String relativeAddress) {
    for (JsonNode resource : module(modulePath).path("resources")) {
      if (resource.path("address").asText().equals(relativeAddress)) {
        return resource.path("expressions");
      }
    }
    return MissingNode.getInstance();
  }

  /**
   * The resource of one of {@code types} an expression of module {@code modulePath} refers to,
   * relative to that module and without instance keys: {@code aws_ecs_task_definition.x}, or {@code
   * module.td.aws_ecs_task_definition.this} when it is a child module's output (at any depth);
   * {@code null} when it refers to none.
   */
  String referenced(String modulePath, JsonNode expression, Set<String> types) {
    for (JsonNode reference : expression.path("references")) {
      String text = reference.asText();
      Matcher resource = RESOURCE.matcher(text);
      if (resource.find() && types.contains(resource.group(1))) {
        return resource.group(1) + "." + resource.group(2);
      }
      Matcher output = OUTPUT.matcher(text);
      if (output.find()) {
        String called = child(modulePath, output.group(1));
        String inside =
            referenced(
                called,
                module(called).path("outputs").path(output.group(2)).path("expression"),
                types);
        if (inside != null) {
          return "module." + output.group(1) + "." + inside;
        }
      }
    }
    return null;
  }

  private JsonNode module(String path) {
    return modules.getOrDefault(path, MissingNode.getInstance());
  }

  private static String child(String path, String call) {
    return (path.isEmpty() ? "" : path + ".") + "module." + call;
  }

  /** {@code aws_ecs_service.y["a"]} → {@code ["a"]}; {@code ""} when it has none. */
  static String instanceKey(String address) {
    Matcher key = INSTANCE_KEY.matcher(address);
    String last = "";
    while (key.find()) {
      last = key.end() == address.length() ? key.group() : "";
    }
    return last;
  }

  /** {@code module.a["x"].aws_ecs_service.y[0]} → {@code module.a.aws_ecs_service.y}. */
  static String withoutInstanceKeys(String address) {
    return INSTANCE_KEY.matcher(address).replaceAll("");
  }
}
