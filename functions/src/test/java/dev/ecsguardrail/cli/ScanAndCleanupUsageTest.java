package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Command-line mistakes and help in {@code scan}, {@code cleanup} and the command itself: found
 * while reading the arguments, before any AWS client is built (none of these reach AWS).
 */
class ScanAndCleanupUsageTest {

  private static final String NS = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new Main(o, e).run(args.split(" "));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # arguments                  | the error line names
          scan --format xml            | --format is json, text, email, not 'xml'
          scan --bogus 1               | unknown option '--bogus'; see ecs-guardrail scan --help
          scan --region                | --region needs a value
          scan extra                   | unexpected argument 'extra'
          scan --fail-on CRITICAL      | --fail-on is LOW, MEDIUM or HIGH, not 'CRITICAL'
          scan --polcy p.json          | unknown option '--polcy' (did you mean --policy?)
          cleanup                      | --namespace is required
          cleanup --namespace not-an-arn | not 'not-an-arn'
          cleanup --namespace NS --what  | --what
          cleanup --namespace NS --yes --bogus 1 | unknown option '--bogus'
          cleanup --namspace NS        | (did you mean --namespace?)
          """)
  void usageError_exits2WithOneLine(String args, String names) {
    assertEquals(2, run(args.replace("NS", NS)));

    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.getFirst().startsWith("ecs-guardrail: "), err());
    assertTrue(lines.getFirst().contains(names), err());
    assertFalse(err().contains("Exception"), err());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({
    "scan --help, 'usage: ecs-guardrail scan [--format json|text|email]'",
    "scan -h, 'Exit codes: 0 clean; 1 something left behind'",
    "cleanup --help, 'usage: ecs-guardrail cleanup --namespace ARN [--yes]'",
    "cleanup --namespace x --help, 'Exit codes: 0 planned or deleted'",
    "--help, 'scan     sweep the account'",
    "help, 'cleanup  delete a namespace left behind'"
  })
  void help_printsTheCommandsUsageAndExitCodes_andExits0(String args, String line) {
    assertEquals(0, run(args));

    assertTrue(out.toString(StandardCharsets.UTF_8).contains(line), out::toString);
    assertEquals("", err());
  }

  @ParameterizedTest
  @CsvSource({"chek, check", "scna, scan", "clean, cleanup"})
  void unknownCommand_isOneLineWithTheClosestCommand(String typed, String meant) {
    assertEquals(2, run(typed));

    assertEquals(
        List.of(
            "ecs-guardrail: unknown command '"
                + typed
                + "' (did you mean "
                + meant
                + "?); see ecs-guardrail --help"),
        err().lines().toList());
  }
}
