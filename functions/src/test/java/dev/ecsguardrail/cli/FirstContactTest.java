package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a new user meets in the first minutes: one help from every entry, {@code version}, one clear
 * line for each file that cannot be read, and {@code -} reading standard input for every input.
 */
class FirstContactTest {

  private static final Path EVENTS = Path.of("..", "events");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(byte[] stdin, String... args) {
    return new Main(
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private int run(String... args) {
    return run(new byte[0], args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private String printed(String... args) {
    out.reset();
    assertEquals(0, run(args), String.join(" ", args));
    return out();
  }

  @Test
  void theHelp_isOne_fromEveryEntry() {
    String usage = printed("--help");
    assertEquals(usage, printed("-h"));
    assertEquals(usage, printed("help"));
    assertTrue(usage.contains("Terraform plans, CloudFormation templates"), usage);
    assertEquals(printed("check", "--help"), printed("help", "check"));
    assertEquals(printed("scan", "-h"), printed("help", "scan"));
    assertTrue(printed("help", "demo").startsWith("usage: bin/ecs-guardrail demo"));
  }

  /** bin/ecs-guardrail prints the same files without building: they are the jar's texts. */
  @Test
  void theHelpFiles_areWhatTheJarPrints() throws IOException {
    Path help = Path.of("src/main/resources/dev/ecsguardrail/cli/help");
    assertEquals(Files.readString(help.resolve("ecs-guardrail.txt")), printed("--help"));
    assertEquals(Files.readString(help.resolve("check.txt")), printed("check", "--help"));
  }

  @Test
  void version_isACommand_likeTheFlag() {
    String version = printed("--version");
    assertEquals(version, printed("version"));
    assertTrue(version.startsWith("ecs-guardrail "), version);
  }

  @Test
  void demo_fromTheJar_saysWhereItRuns() {
    assertEquals(2, run("demo"));
    assertEquals(
        List.of("ecs-guardrail: demo runs from a source checkout: bin/ecs-guardrail demo"),
        errLines());
  }

  @Test
  void aMissingFile_isOneLine_namingItOnce() {
    for (List<String> args :
        List.of(
            List.of("check", "nosuch.json"),
            List.of("check", "--event", "nosuch.json"),
            List.of("check", "--template", "nosuch.json"))) {
      err.reset();
      assertEquals(2, run(args.toArray(String[]::new)), args::toString);
      assertEquals(List.of("ecs-guardrail: cannot read nosuch.json: no such file"), errLines());
    }
  }

  @Test
  void aFolder_isOneLine_sayingSo(@TempDir Path dir) {
    assertEquals(2, run("check", dir.toString()));
    assertEquals(
        List.of("ecs-guardrail: cannot read " + dir + ": a folder; give the files in it"),
        errLines());
  }

  @Test
  void theWorkingDirectory_isNamedDot() {
    assertEquals(".", InputFiles.display(Path.of("").toAbsolutePath()));
  }

  @Test
  void anEmptyFile_isOneLine_namingItOnce(@TempDir Path dir) throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.json"));
    assertEquals(2, run("check", empty.toString()));
    assertEquals(1, errLines().size(), errLines()::toString);
    String line = errLines().getFirst();
    assertTrue(line.startsWith("ecs-guardrail: " + empty + ": empty"), line);
    assertEquals(line.indexOf(empty.toString()), line.lastIndexOf(empty.toString()), line);
  }

  /** {@code -}: a plan, a template or an event from standard input, told by its content. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "terraform/new-service-no-app-protocol/plan.json",
        "cloudformation/service-no-app-protocol.yaml",
        "create-service-sc-no-app-protocol.json"
      })
  void standardInput_isEveryKindOfInput(String sample) throws IOException {
    Path file = EVENTS.resolve(sample);
    String[] context = {
      "--task-definition", EVENTS.resolve("taskdefs/payments-tcp.json").toString()
    };
    int fromFile = run(concat(List.of("check", file.toString()), context));
    JsonNode expected = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "file");
    out.reset();

    int fromStdin = run(Files.readAllBytes(file), concat(List.of("check", "-"), context));

    assertEquals(fromFile, fromStdin, errLines()::toString);
    JsonNode actual = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "stdin");
    assertEquals(ruleIds(expected), ruleIds(actual));
  }

  @Test
  void standardInput_asAnOptionsFile() throws IOException {
    byte[] event = Files.readAllBytes(EVENTS.resolve("create-service-sc-no-app-protocol.json"));
    int exit =
        run(
            event,
            "check",
            "--event",
            "-",
            "--task-definition",
            EVENTS.resolve("taskdefs/payments-tcp.json").toString());
    assertEquals(1, exit, errLines()::toString);
    assertTrue(out().contains("\"SC002\""), out());
  }

  /** A parameter applies to the templates that declare it; a typo no template declares fails. */
  @Test
  void aParameter_appliesToTheTemplatesThatDeclareIt(@TempDir Path dir) throws IOException {
    Path parent =
        Files.copy(
            EVENTS.resolve("cloudformation/task-definition-parameter.yaml"),
            dir.resolve("parent.yaml"));
    Path child =
        Files.copy(
            EVENTS.resolve("cloudformation/service-no-app-protocol.yaml"),
            dir.resolve("child.yaml"));
    String declared = "TaskDefinitionArn"; // parent.yaml's, with no default; child.yaml has none

    int exit =
        run(
            "check",
            parent.toString(),
            child.toString(),
            "--parameter",
            declared + "=arn:aws:ecs:us-east-1:123456789012:task-definition/payments-tcp:3",
            "--task-definition",
            EVENTS.resolve("taskdefs/payments-tcp.json").toString());

    assertEquals(1, exit, errLines()::toString);
    JsonNode decision = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "out");
    assertTrue(decision.path("notRun").isMissingNode(), out());
    assertTrue(decision.get("reason").asText().startsWith("2 services in 2 files"), out());

    err.reset();
    assertEquals(
        2, run("check", parent.toString(), child.toString(), "--parameter", declared + "x=1"));
    assertEquals(
        List.of(
            "ecs-guardrail: --parameter "
                + declared
                + "x: no template declares it (did you mean "
                + declared
                + "?)"),
        errLines());
  }

  private static String[] concat(List<String> head, String[] tail) {
    return java.util.stream.Stream.concat(head.stream(), List.of(tail).stream())
        .toArray(String[]::new);
  }

  private static TreeSet<String> ruleIds(JsonNode decision) {
    TreeSet<String> ids = new TreeSet<>();
    decision.get("findings").forEach(f -> ids.add(f.get("ruleId").asText()));
    return ids;
  }
}
