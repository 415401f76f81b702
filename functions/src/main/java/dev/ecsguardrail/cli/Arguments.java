package dev.ecsguardrail.cli;

import dev.ecsguardrail.cli.Main.UsageException;
import dev.ecsguardrail.policy.InvalidPolicyException;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code scan} and {@code cleanup}: {@code --name value} pairs and bare switches.
 * Every option given must be read, so a misspelt one is an error, not silently ignored.
 */
final class Arguments {

  private final Map<String, String> values = new HashMap<>();
  private final Set<String> read = new HashSet<>();

  /**
   * @param switches the options that take no value (e.g. {@code --yes})
   */
  Arguments(List<String> args, Set<String> switches) {
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!name.startsWith("--")) {
        throw new UsageException("unexpected argument '" + name + "'");
      }
      if (switches.contains(name)) {
        values.put(name, "true");
      } else if (i + 1 < args.size()) {
        values.put(name, args.get(++i));
      } else {
        throw new UsageException(name + " needs a value, or is not an option of this command");
      }
    }
  }

  String optional(String name) {
    read.add(name);
    return values.get(name);
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  boolean has(String name) {
    return optional(name) != null;
  }

  String oneOf(String name, String otherwise, String... allowed) {
    String value = optional(name);
    if (value == null) {
      return otherwise;
    }
    if (!List.of(allowed).contains(value)) {
      throw new UsageException(
          name + " is " + String.join(", ", allowed) + ", not '" + value + "'");
    }
    return value;
  }

  /** {@code --region}, else {@code AWS_REGION}, else us-east-1. */
  String region() {
    String region = optional("--region");
    if (region == null) {
      region = System.getenv("AWS_REGION");
    }
    return region == null || region.isBlank() ? "us-east-1" : region;
  }

  /** {@code --fail-on}, MEDIUM by default. */
  Severity severity() {
    String value = optional("--fail-on");
    return value == null ? Severity.MEDIUM : severity(value);
  }

  static Severity severity(String value) {
    try {
      return Severity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--fail-on is LOW, MEDIUM or HIGH, not '" + value + "'");
    }
  }

  /** {@code --policy FILE}, else the defaults: every rule reports. */
  Policy policy() {
    String file = optional("--policy");
    return file == null ? Policy.DEFAULTS : policy(Path.of(file));
  }

  static Policy policy(Path file) {
    try {
      return Policy.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName());
    } catch (InvalidPolicyException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }

  /** Fails on an option nobody read. */
  void done() {
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        throw new UsageException("unknown option '" + name + "'");
      }
    }
  }
}
