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
 * Command-line mistakes in {@code scan} and {@code cleanup}: found while reading the arguments,
 * before any AWS client is built (none of these reach AWS).
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

  /** What is printed after the one error line. */
  private List<String> usageLines() {
    return Main.USAGE.lines().toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # arguments                  | the error line names
          scan --format xml            | --format is json, text, email, not 'xml'
          scan --bogus 1               | unknown option '--bogus'
          scan --region                | --region needs a value
          scan extra                   | unexpected argument 'extra'
          scan --fail-on CRITICAL      | --fail-on is LOW, MEDIUM or HIGH, not 'CRITICAL'
          cleanup                      | --namespace is required
          cleanup --namespace not-an-arn | not 'not-an-arn'
          cleanup --namespace NS --what  | --what
          cleanup --namespace NS --yes --bogus 1 | unknown option '--bogus'
          """)
  void usageError_exits2WithOneErrorLineThenTheUsage(String args, String names) {
    assertEquals(2, run(args.replace("NS", NS)));

    List<String> lines = err().lines().toList();
    String error = lines.getFirst();
    assertTrue(error.startsWith("ecs-guardrail: "), error);
    assertTrue(error.contains(names), error);
    // One line says what is wrong; the rest is the usage text, never a stack trace.
    assertEquals(usageLines(), lines.subList(1, lines.size()), err());
    assertFalse(err().contains("Exception"), err());
    assertFalse(err().contains("\tat "), err());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({
    "ecs-guardrail scan [--format json|text|email]",
    "ecs-guardrail cleanup --namespace ARN [--yes]",
    "scan: sweeps the account",
    "cleanup: re-checks that the namespace is an orphan"
  })
  void usage_mentionsScanAndCleanup(String line) {
    assertEquals(2, run("help"));

    assertTrue(err().contains(line), err());
  }
}
