package dev.ecsguardrail.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The command line's archive that {@code mvn package} writes (cli/build-distribution), for the test
 * and the benchmark that unpack it.
 */
record Distribution(Path archive, String version) {

  static final Path CLI_TARGET = Project.ROOT.resolve("cli/target");

  /** What the build asked jlink for: jdeps' module list, comma-separated. */
  static final Path RUNTIME_MODULES = CLI_TARGET.resolve("runtime-modules.txt");

  private static final Pattern NAME =
      Pattern.compile("ecs-guardrail-(.+)-linux-(x86_64|aarch64)\\.tar\\.gz");

  /** The one archive in cli/target; fails with what to run when there is none. */
  static Distribution built() {
    List<Path> archives;
    try (Stream<Path> files = Files.exists(CLI_TARGET) ? Files.list(CLI_TARGET) : Stream.of()) {
      archives =
          files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (archives.size() != 1) {
      throw new IllegalStateException(
          "expected one ecs-guardrail-VERSION-linux-ARCH.tar.gz in "
              + CLI_TARGET
              + ", found "
              + archives
              + ": run mvn package (cli/build-distribution writes it)");
    }
    Matcher name = NAME.matcher(archives.getFirst().getFileName().toString());
    name.matches();
    return new Distribution(archives.getFirst(), name.group(1));
  }

  /** The archive's one top folder. */
  String folder() {
    return "ecs-guardrail-" + version;
  }

  /** Unpacks the archive into {@code dir} with tar, as a user would; returns its top folder. */
  Path unpackInto(Path dir) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar -xzf " + archive + " exited " + tar.exitValue());
    }
    return dir.resolve(folder());
  }
}
