package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service a template leaves partly evaluated (its task definition is a parameter with no value)
 * is never a silent pass: {@code check} fails unless {@code --accept-partial}, in every format.
 */
class PartialCheckTest {

  private static final Path EVENTS = Path.of("..", "events");
  private static final String TEMPLATE =
      EVENTS.resolve("cloudformation/task-definition-parameter.yaml").toString();

  private record Run(int exit, String out, String err) {}

  private static Run check(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("check"));
    all.addAll(List.of(args));
    int exit =
        new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(all.toArray(String[]::new));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRuleNotRun_failsTheCheck() {
    Run run = check(TEMPLATE);

    assertEquals(Main.FINDINGS, run.exit());
    assertEquals("", run.err(), "the report says why, as for a finding");
  }

  @Test
  void aRuleNotRunBelowFailOn_isReportedOnly(@TempDir Path dir) throws IOException {
    // Only SC010 (MEDIUM) reads the desired count of a service with Cloud Map registries: SC004
    // and SC011 read it for a price, and catalog-http leaves the proxy room enough.
    Path template = dir.resolve("desired-count.yaml");
    Files.writeString(
        template,
        Files.readString(Path.of(TEMPLATE))
            .replace("TaskDefinitionArn:\n    Type: String", "Count:\n    Type: Number")
            .replace(
                "DesiredCount: 2",
                "DesiredCount: !Ref Count\n      ServiceRegistries:\n"
                    + "        - RegistryArn: arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1")
            .replace("!Ref TaskDefinitionArn", "catalog-http:7"));
    String td = EVENTS.resolve("taskdefs/catalog-http.json").toString();

    assertEquals(Main.FINDINGS, check(template.toString(), "--task-definition", td).exit());
    assertEquals(
        Main.OK, check(template.toString(), "--task-definition", td, "--fail-on", "HIGH").exit());
  }

  @Test
  void sarif_anEv002ResultOnTheService_namingTheRulesWhatTheyNeedAndHowToProvideIt() {
    JsonNode failing = sarifResult(check(TEMPLATE, "--format", "sarif"));
    JsonNode accepted = sarifResult(check(TEMPLATE, "--format", "sarif", "--accept-partial"));

    assertEquals("EV002", failing.get("ruleId").asText());
    assertEquals("warning", failing.get("level").asText());
    String message = failing.at("/message/text").asText();
    assertTrue(message.startsWith("CatalogService: SC002 (HIGH), SC003 (HIGH),"), message);
    assertTrue(
        message.contains("taskDefinition is Ref TaskDefinitionArn")
            && message.contains("give --parameter TaskDefinitionArn=VALUE)")
            && message.endsWith("EV002 fails the check (--accept-partial accepts it)."),
        message);
    assertEquals(
        TEMPLATE, failing.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(12, failing.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertTrue(failing.at("/properties/failsCheck").asBoolean());
    assertEquals(
        failing.at("/partialFingerprints"),
        accepted.at("/partialFingerprints"),
        "the same alert, accepted or not");
    assertFalse(accepted.at("/properties/failsCheck").asBoolean());
    assertTrue(
        accepted.at("/message/text").asText().endsWith("EV002 accepted (--accept-partial)."));
  }

  @Test
  void junit_aFailedCaseWhenItFailsTheCheck_aSkippedOneWhenAccepted() {
    String failing = check(TEMPLATE, "--format", "junit").out();
    String accepted = check(TEMPLATE, "--format", "junit", "--accept-partial").out();

    assertTrue(
        failing.contains(
            "<testcase classname=\"CatalogService\" name=\"SC002\" file=\""
                + TEMPLATE
                + "\">\n      <failure type=\"EV002\" message=\"SC002 could not run: taskDefinition"
                + " is Ref TaskDefinitionArn"),
        failing);
    assertTrue(failing.contains("Provide it: give --parameter TaskDefinitionArn=VALUE"), failing);
    assertTrue(
        failing.contains("<skipped message=\"not run: ") && failing.contains("SC011"),
        "SC011 (LOW) is below --fail-on: a skipped case");
    assertFalse(accepted.contains("<failure"), accepted);
    assertTrue(accepted.contains("accepted (--accept-partial)\"/>"), accepted);
  }

  @Test
  void text_rulesNotRunAtTheTop_beforeTheFindings() {
    String text =
        check(
                TEMPLATE,
                EVENTS.resolve("cloudformation/service-no-app-protocol.yaml").toString(),
                "--format",
                "text")
            .out();

    int notRun = text.indexOf("\n  not run  CatalogService (" + TEMPLATE + ":12): SC002 (HIGH),");
    int finding = text.indexOf("\n  HIGH   SC002  OrdersService");
    assertTrue(notRun > 0 && notRun < finding, text);
    assertTrue(
        text.contains(
            "\n           EV002 fails the check (--accept-partial accepts it)\n\n  HIGH   SC002"),
        text);
  }

  @Test
  void json_theRulesNotRunPerResource_andWhetherTheyFailTheCheck() {
    JsonNode failing = json(check(TEMPLATE));
    JsonNode accepted = json(check(TEMPLATE, "--accept-partial"));

    assertTrue(failing.at("/notRun/failsCheck").asBoolean());
    JsonNode resource = failing.at("/notRun/resources/0");
    assertEquals("CatalogService", resource.get("address").asText());
    assertEquals(12, resource.at("/location/line").asInt());
    JsonNode sc002 = resource.at("/rules/0");
    assertEquals("SC002", sc002.get("ruleId").asText());
    assertEquals("HIGH", sc002.get("severity").asText());
    assertEquals("give --parameter TaskDefinitionArn=VALUE", sc002.get("provide").asText());
    assertTrue(sc002.get("failsCheck").asBoolean());
    JsonNode sc011 = null;
    for (JsonNode rule : resource.get("rules")) {
      sc011 = rule.get("ruleId").asText().equals("SC011") ? rule : sc011;
    }
    assertEquals("LOW", sc011.get("severity").asText());
    assertFalse(sc011.get("failsCheck").asBoolean(), "LOW is below --fail-on");
    assertFalse(accepted.at("/notRun/failsCheck").asBoolean());
    assertFalse(accepted.at("/notRun/resources/0/rules/0/failsCheck").asBoolean());
  }

  @Test
  void json_noNotRun_whenEveryRuleRan() {
    assertTrue(
        json(check(EVENTS.resolve("cloudformation/service-no-app-protocol.yaml").toString()))
            .path("notRun")
            .isMissingNode());
  }

  private static JsonNode json(Run run) {
    return StrictJson.parse(run.out().getBytes(StandardCharsets.UTF_8), "json");
  }

  private static JsonNode sarifResult(Run run) {
    JsonNode results = json(run).at("/runs/0/results");
    assertEquals(1, results.size(), run.out());
    return results.get(0);
  }

  @Test
  void acceptPartial_letsOnlyFindingsDecide() {
    assertEquals(Main.OK, check(TEMPLATE, "--accept-partial").exit());
    assertEquals(
        Main.FINDINGS,
        check(
                EVENTS.resolve("cloudformation/service-no-app-protocol.yaml").toString(),
                "--accept-partial")
            .exit(),
        "a finding still fails it");
  }

  @Test
  void theValueGiven_evaluatesTheServiceFully() {
    Run run =
        check(
            TEMPLATE,
            "--parameter",
            "TaskDefinitionArn=catalog-http:7",
            "--task-definition",
            EVENTS.resolve("taskdefs/catalog-http.json").toString());

    assertEquals(Main.OK, run.exit(), run.out());
    assertEquals("", run.err());
  }

  @Test
  void acceptPartial_isForPlansAndTemplates() {
    Run run =
        check(
            "--event",
            EVENTS.resolve("hook/create-service-clean.json").toString(),
            "--accept-partial");

    assertEquals(Main.UNEVALUABLE, run.exit());
    assertTrue(run.err().startsWith("ecs-guardrail: --accept-partial is for plans and templates"));
  }
}
