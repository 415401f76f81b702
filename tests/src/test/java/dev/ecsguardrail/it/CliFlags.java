package dev.ecsguardrail.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the command line starts with, read from its two launchers (the AOT cache is added
 * apart by each): bin/ecs-guardrail's {@code flags=(...)} and the archive's {@code flags="..."}.
 */
final class CliFlags {

  private static final Pattern BASH_ARRAY = Pattern.compile("(?m)^\\s*flags=\\(([^)]*)\\)");
  private static final Pattern SH_STRING = Pattern.compile("(?m)^flags=\"([^\"]*)\"$");

  private CliFlags() {}

  /** bin/ecs-guardrail's, in a source checkout. */
  static List<String> ofSourceCheckout() throws IOException {
    return read(Project.ROOT.resolve("bin/ecs-guardrail"), BASH_ARRAY);
  }

  /** The distribution's launcher's (cli/ecs-guardrail, bin/ecs-guardrail in the archive). */
  static List<String> ofLauncher(Path launcher) throws IOException {
    return read(launcher, SH_STRING);
  }

  private static List<String> read(Path script, Pattern line) throws IOException {
    Matcher flags = line.matcher(Files.readString(script));
    if (!flags.find()) {
      throw new IllegalStateException(script + " has no " + line.pattern() + " line");
    }
    return List.of(flags.group(1).trim().split("\\s+"));
  }
}
