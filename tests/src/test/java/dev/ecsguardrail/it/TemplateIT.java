package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/** template.yaml checked by the real tools, and its event pattern by event-ruler. */
class TemplateIT {

  private static final Path TEMPLATE = Project.ROOT.resolve("template.yaml");

  /** Sample events the service-change rule must not deliver: nothing in them can matter. */
  private static final Set<String> FILTERED_OUT =
      Set.of(
          "update-service-desired-count-only.json",
          "update-service-force-new-deployment.json",
          "malformed-no-detail.json");

  @Test
  void cfnLint_passes() throws Exception {
    run(
        Project.tool("CFN_LINT", Project.VENV_BIN.resolve("cfn-lint")).toString(),
        TEMPLATE.toString());
  }

  @Test
  void samValidateLint_passes() throws Exception {
    run(
        Project.tool("SAM_CLI", Project.VENV_BIN.resolve("sam")).toString(),
        "validate",
        "--lint",
        "--template",
        TEMPLATE.toString());
  }

  @Test
  void serviceChangePattern_matchesWhatCanMatter_only() throws Exception {
    Machine machine = new Machine();
    machine.addRule("service-change", pattern("ServiceChangeFunction", "ServiceChange"));
    Map<String, Boolean> matched = new TreeMap<>();
    Map<String, Boolean> expected = new TreeMap<>();
    for (Path event : Project.events()) {
      String name = event.getFileName().toString();
      matched.put(name, !machine.rulesForJSONEvent(Files.readString(event)).isEmpty());
      expected.put(name, !FILTERED_OUT.contains(name));
    }
    assertEquals(expected, matched);
  }

  @Test
  void everyHandler_isAStreamHandlerInTheJar() throws Exception {
    JsonNode resources = template().get("Resources");
    int handlers = 0;
    for (JsonNode resource : resources) {
      String handler = resource.path("Properties").path("Handler").asText(null);
      if (handler != null) {
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertEquals(true, RequestStreamHandler.class.isAssignableFrom(type), handler);
        handlers++;
      }
    }
    assertEquals(true, handlers > 0, "the template declares at least one function");
  }

  private static String pattern(String function, String event) throws IOException {
    JsonNode pattern =
        template()
            .get("Resources")
            .get(function)
            .get("Properties")
            .get("Events")
            .get(event)
            .get("Properties")
            .get("Pattern");
    return new ObjectMapper().writeValueAsString(pattern);
  }

  private static JsonNode template() throws IOException {
    // CloudFormation's short tags (!Ref, !Sub) are kept as plain values by the YAML reader.
    return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
  }

  private static void run(String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
    builder.environment().put("SAM_CLI_TELEMETRY", "0");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
  }
}
