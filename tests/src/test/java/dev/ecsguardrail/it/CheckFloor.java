package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The floor of {@code check} on this stack ({@code bench/check}): what any Jackson-based check of
 * one file does at the least, started as {@code bin/ecs-guardrail} starts the check (the shaded
 * jar, the same flags, an AOT cache of its own): build an ObjectMapper, parse the file, print it.
 */
public final class CheckFloor {

  private CheckFloor() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    System.out.println(mapper.readTree(Path.of(args[0]).toFile()).toPrettyString());
  }
}
