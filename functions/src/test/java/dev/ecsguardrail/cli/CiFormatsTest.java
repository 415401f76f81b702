package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code check --format sarif} and {@code --format junit} on the plans and templates: SARIF valid
 * against the official 2.1.0 schema (vendored, src/test/resources/sarif) with what GitHub code
 * scanning reads, JUnit XML that an XML parser reads, and untrusted names escaped in both.
 */
class CiFormatsTest {

  private static final Path EVENTS = Path.of("..", "events");
  private static final Schema SARIF = sarifSchema();

  private static Schema sarifSchema() {
    try (var in = CiFormatsTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> preDeploySamples() {
    List<Path> samples = new ArrayList<>();
    for (String folder : List.of("terraform", "cloudformation", "sam", "cdk")) {
      try (Stream<Path> files = Files.walk(EVENTS.resolve(folder))) {
        files
            .filter(f -> f.toString().matches(".*\\.(json|yaml|yml)$")) // not a plan's .tf files
            .sorted()
            .forEach(samples::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return samples;
  }

  private record Run(int exit, String out, String err) {}

  private static Run check(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String taskDefinition() {
    return EVENTS.resolve("taskdefs/catalog-http.json").toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("preDeploySamples")
  void sarif_validatesAgainstTheSchema_withWhatGitHubReads(Path sample) {
    Run run =
        check(
            "check", sample.toString(), "--task-definition", taskDefinition(), "--format", "sarif");
    JsonNode sarif = StrictJson.parse(run.out().getBytes(StandardCharsets.UTF_8), "sarif");

    assertEquals(
        List.of(), SARIF.validate(sarif).stream().map(Object::toString).toList(), run.out());
    assertEquals("2.1.0", sarif.get("version").asText());
    JsonNode driver = sarif.at("/runs/0/tool/driver");
    assertEquals("ecs-guardrail", driver.get("name").asText());
    for (JsonNode rule : driver.get("rules")) {
      for (String field :
          List.of(
              "/id",
              "/shortDescription/text",
              "/fullDescription/text",
              "/help/text",
              "/help/markdown")) {
        assertFalse(rule.at(field).asText().isBlank(), rule + " lacks " + field);
      }
      assertTrue(rule.at("/properties/security-severity").isTextual(), rule.toString());
      double score = Double.parseDouble(rule.at("/properties/security-severity").asText());
      assertTrue(score >= 0.1 && score <= 10.0, rule.toString());
    }
    for (JsonNode result : sarif.at("/runs/0/results")) {
      assertFalse(result.at("/message/text").asText().isBlank());
      JsonNode location = result.at("/locations/0/physicalLocation");
      assertTrue(
          location.at("/artifactLocation/uri").asText().startsWith("../events/"),
          result.toString());
      assertTrue(location.at("/region/startLine").asInt() >= 1);
      assertFalse(result.at("/partialFingerprints/ecsGuardrailFinding~1v1").asText().isEmpty());
    }
    if (run.exit() == Main.FINDINGS) {
      assertTrue(sarif.at("/runs/0/results").size() > 0, sample.toString());
    }
    if (run.exit() == Main.UNEVALUABLE) {
      assertEquals(
          "error", sarif.at("/runs/0/invocations/0/toolExecutionNotifications/0/level").asText());
    }
  }

  @Test
  void sarif_resultAtThePropertysLine_fingerprintStaysWhenLinesMove(@TempDir Path dir)
      throws IOException {
    String yaml = Files.readString(EVENTS.resolve("cloudformation/service-no-app-protocol.yaml"));
    Path template = dir.resolve("service.yaml");
    Files.writeString(template, yaml);
    JsonNode before = sarifResult(template);
    Files.writeString(template, yaml.replace("Resources:\n", "Resources:\n\n\n\n"));
    JsonNode after = sarifResult(template);

    int line = before.at("/locations/0/physicalLocation/region/startLine").asInt();
    assertEquals(
        "            - Name: api", yaml.lines().toList().get(line - 1), "the port mapping's line");
    assertEquals(line + 3, after.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals(before.at("/partialFingerprints"), after.at("/partialFingerprints"));
  }

  /**
   * {@code terraform show -json} writes one line: without the sources (a plan in a folder of no
   * {@code .tf} files), the column places the result.
   */
  @Test
  void onAOneLinePlan_sarifAndTextGiveTheColumnOfTheValue(@TempDir Path dir) throws IOException {
    Path plan =
        Files.copy(
            EVENTS.resolve("terraform/module-output-task-definition/plan.json"),
            dir.resolve("plan.json"));
    String written = Files.readString(plan);

    JsonNode region = sarifResult(plan).at("/locations/0/physicalLocation/region");
    String text = check("check", plan.toString(), "--format", "text").out();

    assertEquals(1, region.get("startLine").asInt());
    int column = region.get("startColumn").asInt();
    assertTrue(
        written.startsWith("\"[{\\\"cpu\\\":512,", column - 1),
        "the container definitions' value: " + written.substring(column - 1, column + 20));
    assertTrue(text.contains(plan + ":1:" + column + "\n"), text);
  }

  /** A plan written elsewhere (CI's artifact) still points to the lines of its sources. */
  @Test
  void terraformDir_givesAPlanItsSources_notAFolderIsAUsageError(@TempDir Path dir)
      throws IOException {
    Path sources = EVENTS.resolve("terraform/with-sources");
    Path plan = Files.copy(sources.resolve("plan.json"), dir.resolve("plan.json"));

    Run withSources =
        check("check", plan.toString(), "--terraform-dir", sources.toString(), "--format", "text");
    Run without = check("check", plan.toString(), "--format", "text");
    Run notAFolder = check("check", plan.toString(), "--terraform-dir", plan.toString());

    assertTrue(withSources.out().contains("at " + sources + "/main.tf:43\n"), withSources.out());
    assertTrue(
        withSources.out().contains("at " + sources + "/modules/task-definition/main.tf:17\n"),
        withSources.out());
    assertTrue(without.out().matches("(?s).*at \\S+plan\\.json:1:[0-9]+\n.*"), without.out());
    assertEquals(Main.UNEVALUABLE, notAFolder.exit());
    assertTrue(notAFolder.err().contains("is not a folder"), notAFolder.err());
  }

  private static JsonNode sarifResult(Path template) {
    Run run = check("check", template.toString(), "--format", "sarif");
    return StrictJson.parse(run.out().getBytes(StandardCharsets.UTF_8), "sarif")
        .at("/runs/0/results/0");
  }

  @Test
  void junit_oneCasePerResourceAndRule_failuresAtOrAboveFailOn_evenWhenNotRun() throws Exception {
    String codeDeploy = EVENTS.resolve("terraform/module-codedeploy/plan.json").toString();
    String unknown = EVENTS.resolve("terraform/unknown-container-definitions/plan.json").toString();

    Document medium = xml(check("check", codeDeploy, unknown, "--format", "junit").out());
    Document high =
        xml(check("check", codeDeploy, unknown, "--format", "junit", "--fail-on", "HIGH").out());

    Element suites = medium.getDocumentElement();
    assertEquals("testsuites", suites.getTagName());
    NodeList cases = medium.getElementsByTagName("testcase");
    int rules = dev.ecsguardrail.rules.RuleCatalog.SERVICE_RULES.size();
    assertEquals(2 * rules, cases.getLength(), "every service rule on each of the two services");
    // SC001 on the CodeDeploy service; each rule the unknown container definitions stop is a
    // failure (EV002) at or above --fail-on, a skipped case below it.
    JsonNode notRunRules =
        StrictJson.parse(check("check", unknown).out().getBytes(StandardCharsets.UTF_8), "json")
            .at("/notRun/resources/0/rules");
    long highNotRun = 0;
    long lowNotRun = 0;
    for (JsonNode rule : notRunRules) {
      highNotRun += rule.get("severity").asText().equals("HIGH") ? 1 : 0;
      lowNotRun += rule.get("severity").asText().equals("LOW") ? 1 : 0;
    }
    assertTrue(highNotRun > 0, "the container definitions are read by HIGH rules");
    assertEquals(
        1 + notRunRules.size() - lowNotRun, medium.getElementsByTagName("failure").getLength());
    Element failure = (Element) medium.getElementsByTagName("failure").item(0);
    assertEquals("SC001", failure.getAttribute("type"));
    assertEquals(
        "module.payments.aws_ecs_service.payments",
        ((Element) failure.getParentNode()).getAttribute("classname"));
    Element notRun = (Element) medium.getElementsByTagName("failure").item(1);
    assertEquals("EV002", notRun.getAttribute("type"));
    assertTrue(notRun.getAttribute("message").contains("known after apply"));
    NodeList skipped = medium.getElementsByTagName("skipped");
    assertEquals(lowNotRun, skipped.getLength());
    for (int i = 0; i < skipped.getLength(); i++) {
      String message = ((Element) skipped.item(i)).getAttribute("message");
      assertTrue(message.endsWith("below --fail-on MEDIUM: reported only"), message);
    }
    assertEquals(
        1 + highNotRun,
        high.getElementsByTagName("failure").getLength(),
        "SC001 and the HIGH rules not run");
    Document low =
        xml(
            check(
                    "check",
                    EVENTS.resolve("cloudformation/codedeploy-service-connect.json").toString(),
                    "--format",
                    "junit",
                    "--fail-on",
                    "LOW")
                .out());
    Document onlyHigh =
        xml(
            check(
                    "check",
                    EVENTS.resolve("cloudformation/codedeploy-service-connect.json").toString(),
                    "--format",
                    "junit",
                    "--fail-on",
                    "HIGH")
                .out());
    assertEquals(2, low.getElementsByTagName("failure").getLength(), "SC001 and the LOW SC011");
    assertEquals(1, onlyHigh.getElementsByTagName("failure").getLength());
  }

  /** A port name and a container name made to break out of JSON, XML and a terminal. */
  @Test
  void untrustedNames_areEscapedInSarifAndJUnit(@TempDir Path dir) throws Exception {
    String hostile = "api\\\" <x a='1'>&amp; \\a\\e[31m"; // YAML escapes: BEL, ESC
    String yaml =
        Files.readString(EVENTS.resolve("cloudformation/service-no-app-protocol.yaml"))
            .replace("PortName: api", "PortName: \"" + hostile + "\"")
            .replace("- Name: api", "- Name: \"" + hostile + "\"");
    Path template = dir.resolve("hostile.yaml");
    Files.writeString(template, yaml);

    Run sarif = check("check", template.toString(), "--format", "sarif");
    Run junit = check("check", template.toString(), "--format", "junit");

    JsonNode parsed = StrictJson.parse(sarif.out().getBytes(StandardCharsets.UTF_8), "sarif");
    assertEquals(List.of(), SARIF.validate(parsed).stream().map(Object::toString).toList());
    assertTrue(
        parsed.at("/runs/0/results/0/message/text").asText().contains("<x a='1'>"), sarif.out());
    Document xml = xml(junit.out());
    String message =
        ((Element) xml.getElementsByTagName("failure").item(0)).getAttribute("message");
    assertTrue(message.contains("<x a='1'>&amp;"), message);
    assertFalse(junit.out().contains("\u0007") || junit.out().contains("\u001b"), junit.out());
    assertNotEquals(Main.UNEVALUABLE, junit.exit());
    String email = check("check", template.toString(), "--format", "email").out();
    assertFalse(email.contains("\u0007") || email.contains("\u001b"), email);
    JsonNode chat =
        StrictJson.parse(
            check("check", template.toString(), "--format", "chat")
                .out()
                .getBytes(StandardCharsets.UTF_8),
            "chat");
    String description = chat.at("/content/description").asText();
    assertFalse(description.contains("<x a="), "Slack markup escaped: " + description);
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
