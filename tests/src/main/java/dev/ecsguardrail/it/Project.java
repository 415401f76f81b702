package dev.ecsguardrail.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the project the tests run in, and the tools the build installed. */
final class Project {

  static final Path ROOT =
      Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  static final Path EVENTS = ROOT.resolve("events");
  static final Path TASK_DEFINITIONS = EVENTS.resolve("taskdefs");
  static final Path SHADED_JAR = ROOT.resolve("functions/target/functions.jar");
  static final Path VENV_BIN = ROOT.resolve(".venv/bin");

  private Project() {}

  /** Every sample event (not the task definitions), sorted by name. */
  static List<Path> events() {
    try (Stream<Path> files = Files.list(EVENTS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Path> taskDefinitions() {
    try (Stream<Path> files = Files.list(TASK_DEFINITIONS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A tool the test command installs; fails with how to get it when it is missing. */
  static Path tool(String envVariable, Path... candidates) {
    String configured = System.getenv(envVariable);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "missing tool: none of "
            + List.of(candidates)
            + " exists; run bin/setup-test-tools (or set "
            + envVariable
            + ")");
  }
}
