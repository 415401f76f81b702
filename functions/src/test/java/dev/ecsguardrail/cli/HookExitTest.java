package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} on a CloudFormation hook request exits as the hook answers: 0 SUCCESS, 1 FAILED
 * NonCompliant, 2 FAILED InternalFailure (a rule that could not run among them), in every format.
 */
class HookExitTest {

  private static final Path EVENTS = Path.of("..", "events");

  static List<Path> hookRequests() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS.resolve("hook"))) {
      return files.sorted().toList();
    }
  }

  private static int check(Path request, String format, ByteArrayOutputStream out) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                request.toString(),
                "--format",
                format,
                "--inventory",
                EVENTS.resolve("context/fleet.json").toString()));
    try (Stream<Path> tds = Files.list(EVENTS.resolve("taskdefs"))) {
      tds.sorted().forEach(td -> args.addAll(List.of("--task-definition", td.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hookRequests")
  void exitsAsTheHookAnswers_inEveryFormat(Path request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = check(request, "hook", out);
    JsonNode answer = StrictJson.parse(out.toByteArray(), "hook response");

    int expected =
        switch (answer.get("hookStatus").asText() + " " + answer.path("errorCode").asText()) {
          case "SUCCESS " -> Main.OK;
          case "FAILED NonCompliant" -> Main.FINDINGS;
          case "FAILED InternalFailure" -> Main.UNEVALUABLE;
          default -> throw new AssertionError("no such answer: " + answer);
        };
    assertEquals(expected, exit, answer.toString());
    for (String format : List.of("json", "text", "sarif", "junit")) {
      assertEquals(expected, check(request, format, new ByteArrayOutputStream()), format);
    }
  }
}
