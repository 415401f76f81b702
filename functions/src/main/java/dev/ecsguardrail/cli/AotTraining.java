package dev.ecsguardrail.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run bin/ecs-guardrail records its AOT cache from: several command lines in one JVM, so that
 * the classes of an event check and of a template and plan check are all loaded and linked ahead of
 * time (one {@code check} takes one kind of input). What they print is discarded.
 */
public final class AotTraining {

  private AotTraining() {}

  /**
   * @param args command lines separated by {@code --}
   */
  public static void main(String[] args) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    Main main = new Main(discard, discard);
    List<String> command = new ArrayList<>();
    for (String arg : Arrays.asList(args)) {
      if (arg.equals("--")) {
        main.run(command.toArray(String[]::new));
        command.clear();
      } else {
        command.add(arg);
      }
    }
    if (!command.isEmpty()) {
      main.run(command.toArray(String[]::new));
    }
  }
}
