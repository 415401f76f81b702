package dev.ecsguardrail.cli;

/** One command of {@code bin/ecs-guardrail}: its options, its help, and what it does. */
interface Command {

  Arguments.Spec spec();

  /** What {@code --help} prints: the usage, the options and the exit codes. */
  String help();

  /**
   * @return the exit code
   */
  int run(Arguments args);
}
