package dev.ecsguardrail.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The help texts, in {@code help/NAME.txt} beside these classes: the one source of every help the
 * command line prints, which bin/ecs-guardrail also prints from the source tree without building.
 */
final class HelpText {

  private HelpText() {}

  /** {@code ecs-guardrail} for the usage, else a command's name. */
  static String of(String name) {
    try (InputStream text = HelpText.class.getResourceAsStream("help/" + name + ".txt")) {
      if (text == null) {
        throw new IllegalStateException("no help/" + name + ".txt in the jar");
      }
      return new String(text.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
