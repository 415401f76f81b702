package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --format asff}: the findings Security Hub would be given, in the AWS Security
 * Finding Format, with its required fields and size limits, one stable id per account, Region, rule
 * and resource.
 */
class AsffFormatTest {

  private static final Path EVENTS = Path.of("..", "events");

  private static JsonNode asff(String... extra) {
    List<String> args = new ArrayList<>(List.of("check", "--format", "asff"));
    args.addAll(List.of(extra));
    try (Stream<Path> tds = Files.list(EVENTS.resolve("taskdefs"))) {
      tds.sorted().forEach(td -> args.addAll(List.of("--task-definition", td.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()))
        .run(args.toArray(String[]::new));
    return StrictJson.parse(out.toByteArray(), "asff");
  }

  @Test
  void everyEventSample_givesFindingsWithTheRequiredFieldsWithinTheLimits() throws IOException {
    int findings = 0;
    try (Stream<Path> files = Files.list(EVENTS)) {
      for (Path event : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode f : asff("--event", event.toString())) {
          findings++;
          for (String field :
              List.of(
                  "/SchemaVersion",
                  "/Id",
                  "/ProductArn",
                  "/GeneratorId",
                  "/AwsAccountId",
                  "/Types/0",
                  "/CreatedAt",
                  "/UpdatedAt",
                  "/Severity/Label",
                  "/Title",
                  "/Description",
                  "/Resources/0/Type",
                  "/Resources/0/Id")) {
            assertFalse(f.at(field).asText().isBlank(), event + " lacks " + field + ": " + f);
          }
          assertEquals("2018-10-08", f.get("SchemaVersion").asText());
          assertTrue(f.get("Id").asText().length() <= 512);
          assertTrue(f.get("Title").asText().length() <= 256);
          assertTrue(f.get("Description").asText().length() <= 1024);
          assertTrue(f.at("/Remediation/Recommendation/Text").asText().length() <= 512);
          assertTrue(
              f.get("ProductArn")
                  .asText()
                  .endsWith(":product/" + f.get("AwsAccountId").asText() + "/default"),
              f.toString());
          assertEquals("FAILED", f.at("/Compliance/Status").asText());
          assertEquals("ACTIVE", f.get("RecordState").asText());
        }
      }
    }
    assertTrue(findings > 10, "findings seen: " + findings);
  }

  /** The same rule on the same service, from two calls: one Security Hub finding, updated. */
  @Test
  void theSameRuleOnTheSameService_hasTheSameId_whateverTheEvent() {
    JsonNode create =
        asff("--event", EVENTS.resolve("create-service-sc-no-app-protocol.json").toString());
    JsonNode update =
        asff("--event", EVENTS.resolve("update-service-enable-sc-no-app-protocol.json").toString());

    String createId = create.get(0).get("Id").asText();
    assertEquals(
        "ecs-guardrail/us-east-1/SC002/arn:aws:ecs:us-east-1:123456789012:service/prod/payments",
        createId);
    assertTrue(
        update.findValuesAsText("Id").contains(createId), "the update's findings: " + update);
  }

  @Test
  void offExemptAndPreDeployFindings_areNotImported(@TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.json"), "{\"rules\":{\"SC002\":\"off\"}}");

    assertEquals(
        0,
        asff(
                "--event",
                EVENTS.resolve("create-service-sc-no-app-protocol.json").toString(),
                "--policy",
                policy.toString())
            .size());
    assertEquals(
        0, asff(EVENTS.resolve("cloudformation/service-no-app-protocol.yaml").toString()).size());
  }
}
