package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.RuleTable.Example;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules/<id>.md} is generated from the catalog and the snapshots: a failing example (a
 * sample with the rule's finding) and a passing one (a sample of the same kind, evaluated, without
 * it). {@code bin/update-snapshots} regenerates them ({@code -Dsnapshots.update=true}).
 */
class RulePagesTest {

  private static final Path ROOT = Path.of("..");
  private static final Path PAGES = ROOT.resolve("docs/rules");

  private record Snapshot(String sample, int exitCode, JsonNode output) {

    /** The rule's finding; EV002's is a service some rules could not run on. */
    Optional<JsonNode> finding(String ruleId) {
      if (ruleId.equals(PartialEvaluationRule.INFO.id())) {
        return Optional.ofNullable(
            output.at("/notRun/resources/0").isMissingNode()
                ? null
                : output.at("/notRun/resources/0"));
      }
      for (JsonNode f : output.get("findings")) {
        if (ruleId.equals(f.get("ruleId").asText())) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  private static List<Snapshot> snapshots() {
    Path dir = ROOT.resolve("tests/snapshots");
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          // The pages show each sample with the shared options: not a command line of its own.
          .filter(p -> !p.toString().endsWith(".args.json"))
          .sorted()
          .map(
              p -> {
                JsonNode s = read(p);
                JsonNode args = s.get("args");
                String sample =
                    args.get(1).asText().equals("--event")
                        ? args.get(2).asText()
                        : args.get(1).asText();
                return new Snapshot(sample, s.get("exitCode").asInt(), s.get("output"));
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return StrictJson.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page as the catalog and the snapshots make it now. */
  static String expectedPage(RuleInfo rule, List<Snapshot> snapshots) {
    // An event first: what the Lambdas see; a plan, template or hook request when none shows it.
    Optional<Snapshot> failing =
        snapshots.stream()
            .filter(s -> s.finding(rule.id()).isPresent())
            .min(
                Comparator.comparing(
                    s -> s.output().get("kind").asText().matches("pre-deploy|hook")));
    String kind = failing.map(s -> s.output().get("kind").asText()).orElse("service-change");
    // The cleanest sample of that kind: evaluated, without the rule's finding, fewest findings,
    // no note (a call ECS rejected), a "clean" one first.
    Optional<Snapshot> passing =
        snapshots.stream()
            .filter(s -> s.output().get("kind").asText().equals(kind))
            .filter(s -> s.output().get("evaluable").asBoolean())
            .filter(s -> s.finding(rule.id()).isEmpty())
            .filter(s -> ranEverywhere(s, rule.id()))
            .min(
                Comparator.comparingInt((Snapshot s) -> s.output().get("findings").size())
                    .thenComparing(s -> !s.output().get("reason").isNull())
                    .thenComparing(s -> !s.sample().contains("clean")));
    return RuleTable.page(
        rule,
        failing.map(
            s ->
                new Example(
                    s.sample(), s.exitCode(), s.finding(rule.id()).get().get("message").asText())),
        passing.map(s -> new Example(s.sample(), s.exitCode(), null)));
  }

  /** A plan or template passes a service rule only where the rule ran on every service. */
  private static boolean ranEverywhere(Snapshot s, String ruleId) {
    if (RuleCatalog.SERVICE_RULES.stream().noneMatch(r -> r.info().id().equals(ruleId))) {
      return true;
    }
    for (JsonNode resource : s.output().path("resources")) {
      boolean service = resource.get("type").asText().matches("AWS::ECS::Service|aws_ecs_service");
      boolean ran = false;
      for (JsonNode id : resource.get("rulesRun")) {
        ran |= id.asText().equals(ruleId);
      }
      if (service && !ran) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyRulePage_isTheOneGeneratedFromTheCatalogAndTheSnapshots() throws IOException {
    List<Snapshot> snapshots = snapshots();
    boolean update = Boolean.getBoolean("snapshots.update");
    if (update) {
      Files.createDirectories(PAGES);
    }
    for (RuleInfo rule : RuleCatalog.ALL) {
      Path page = PAGES.resolve(rule.id() + ".md");
      String expected = expectedPage(rule, snapshots);
      if (update) {
        Files.writeString(page, expected);
      } else {
        assertEquals(
            expected,
            Files.exists(page) ? Files.readString(page) : "",
            page + " is stale: run bin/update-snapshots and review the diff");
      }
    }
    try (Stream<Path> pages = Files.list(PAGES)) {
      assertEquals(
          RuleCatalog.ALL.stream().map(r -> r.id() + ".md").sorted().toList(),
          pages.map(p -> p.getFileName().toString()).sorted().toList(),
          "docs/rules/ holds exactly one page per rule");
    }
  }
}
