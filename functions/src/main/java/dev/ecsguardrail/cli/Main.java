package dev.ecsguardrail.cli;

import dev.ecsguardrail.aws.CommandLineCredentials;
import dev.ecsguardrail.json.MalformedEventException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line ({@code bin/ecs-guardrail}): one class per command. A usage error, an input that
 * cannot be read and a failed AWS call are one line on stderr and exit 2, never a stack trace.
 */
public final class Main {

  static final int OK = 0;
  static final int FINDINGS = 1;
  static final int UNEVALUABLE = 2;

  static final String USAGE = HelpText.of("ecs-guardrail");

  /** bin/ecs-guardrail's command, in a source checkout: the jar only has its help. */
  private static final String DEMO = "demo";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, Command> commands = new LinkedHashMap<>();

  Main(PrintStream out, PrintStream err) {
    this(System.in, out, err);
  }

  Main(InputStream in, PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    InputFiles files = new InputFiles(in);
    commands.put("check", new CheckCommand(files, out, err));
    commands.put("scan", new ScanCommand(files, out, err));
    commands.put("cleanup", new CleanupCommand(out, err));
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  int run(String[] args) {
    if (args.length == 0) {
      err.print(USAGE);
      return UNEVALUABLE;
    }
    String name = args[0];
    if (List.of("-h", "--help", "help").contains(name)) {
      String asked = args.length > 1 ? args[1] : "";
      out.print(
          commands.containsKey(asked)
              ? commands.get(asked).help()
              : asked.equals(DEMO) ? HelpText.of(DEMO) : USAGE);
      return OK;
    }
    if (DEMO.equals(name)) {
      err.println("ecs-guardrail: demo runs from a source checkout: bin/ecs-guardrail demo");
      return UNEVALUABLE;
    }
    if ("--version".equals(name) || "version".equals(name)) {
      out.println("ecs-guardrail " + version());
      return OK;
    }
    Command command = commands.get(name);
    try {
      if (command == null) {
        throw new UsageException(
            "unknown command '"
                + name
                + "'"
                + closestCommand(name).map(c -> " (did you mean " + c + "?)").orElse("")
                + "; see ecs-guardrail --help");
      }
      Arguments arguments =
          Arguments.parse(name, Arrays.asList(args).subList(1, args.length), command.spec());
      if (arguments.help()) {
        out.print(command.help());
        return OK;
      }
      return command.run(arguments);
    } catch (UsageException | MalformedEventException e) {
      err.println(oneLine("ecs-guardrail: " + e.getMessage()));
      return UNEVALUABLE;
    } catch (RuntimeException e) {
      // AWS unreachable, no credentials, ...: one line, no stack trace.
      err.println(
          oneLine(
              "ecs-guardrail: "
                  + (isMissingCredentials(e)
                      ? firstLine(e.getMessage())
                          + "; "
                          + name
                          + " needs AWS here"
                          + (name.equals("check")
                              ? ", or the context as files: --task-definition FILE, --inventory FILE"
                              : "")
                      : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()))));
      return UNEVALUABLE;
    }
  }

  private java.util.Optional<String> closestCommand(String typed) {
    return commands.keySet().stream()
        .filter(c -> Arguments.distance(c, typed) <= 2 || c.startsWith(typed))
        .min(Comparator.comparingInt(c -> Arguments.distance(c, typed)));
  }

  /** From the jar's manifest; a build from the source tree says so. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "(development build, not from the jar)" : version;
  }

  /**
   * The one line stderr gets: event ids, names and error messages come from the file, and a line
   * break or a control character in one of them must not make two lines (or move the cursor).
   */
  static String oneLine(String message) {
    return message.replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}]", " ");
  }

  private static boolean isMissingCredentials(Throwable e) {
    return CommandLineCredentials.MISSING.equals(e.getMessage());
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** A command-line mistake: one line, exit 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
