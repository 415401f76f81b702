package dev.ecsguardrail.cli;

import dev.ecsguardrail.cli.Main.UsageException;
import dev.ecsguardrail.policy.InvalidPolicyException;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A command's options: {@code --name value} pairs (repeatable where the command reads them all) and
 * bare switches, checked against what the command takes when they are parsed, so a misspelt option
 * is one line naming the closest one, never silently ignored. {@code --help} and {@code -h} are
 * understood by every command.
 */
final class Arguments {

  /** What a command takes: options with a value, switches, and whether bare paths too. */
  record Spec(Set<String> valued, Set<String> switches, boolean paths) {

    Spec {
      valued = Set.copyOf(valued);
      switches = Set.copyOf(switches);
    }

    Spec(Set<String> valued, Set<String> switches) {
      this(valued, switches, false);
    }

    boolean takes(String name) {
      return valued.contains(name) || switches.contains(name);
    }
  }

  /** Where the bare arguments of a command that takes paths are kept. */
  private static final String PATHS = "";

  private final Map<String, List<String>> values;
  private final boolean help;

  private Arguments(Map<String, List<String>> values, boolean help) {
    this.values = values;
    this.help = help;
  }

  /**
   * @throws UsageException on an option the command does not take, or one missing its value
   */
  static Arguments parse(String command, List<String> args, Spec spec) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if ("--help".equals(name) || "-h".equals(name)) {
        return new Arguments(Map.of(), true);
      }
      if (spec.paths() && (!name.startsWith("-") || name.equals(InputFiles.STANDARD_INPUT))) {
        values.computeIfAbsent(PATHS, n -> new ArrayList<>()).add(name);
        continue;
      }
      if (!spec.takes(name)) {
        throw new UsageException(
            (name.startsWith("-") ? "unknown option '" : "unexpected argument '")
                + name
                + "'"
                + suggestion(name, spec).map(s -> " (did you mean " + s + "?)").orElse("")
                + "; see ecs-guardrail "
                + command
                + " --help");
      }
      if (spec.switches().contains(name)) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
      } else if (i + 1 < args.size()) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(args.get(++i));
      } else {
        throw new UsageException(name + " needs a value");
      }
    }
    return new Arguments(values, false);
  }

  /** The option this one is most likely a typo of: within two edits, or a prefix. */
  static Optional<String> suggestion(String typed, Spec spec) {
    String bare = typed.startsWith("--") ? typed : "--" + typed.replaceFirst("^-+", "");
    return Stream.concat(spec.valued().stream(), spec.switches().stream())
        .filter(o -> o.startsWith(bare) || distance(o, bare) <= 2)
        .min(Comparator.comparingInt((String o) -> distance(o, bare)).thenComparing(o -> o));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code --help} (or {@code -h}) was given: the command prints its help and does nothing. */
  boolean help() {
    return help;
  }

  /** The last value given, or {@code null}. */
  String optional(String name) {
    List<String> given = values.get(name);
    return given == null ? null : given.getLast();
  }

  /** Every value given, in order (a repeatable option). */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  /** The bare arguments, for a command that takes paths. */
  List<String> paths() {
    return all(PATHS);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  Optional<Path> path(String name) {
    return Optional.ofNullable(optional(name)).map(Path::of);
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
  /** {@code --account}: twelve digits, or {@code null} when not given. */
  String account() {
    String account = optional("--account");
    if (account != null && !account.matches("[0-9]{12}")) {
      throw new Main.UsageException(
          "--account is a 12-digit AWS account id, not '" + account + "'");
    }
    return account;
  }

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
    if (value == null) {
      return Severity.MEDIUM;
    }
    try {
      return Severity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--fail-on is LOW, MEDIUM or HIGH, not '" + value + "'");
    }
  }

  /** {@code --policy FILE}, else the defaults: every rule reports. */
  Policy policy(InputFiles files) {
    String file = optional("--policy");
    if (file == null) {
      return Policy.DEFAULTS;
    }
    try {
      return Policy.parse(files.readString(Path.of(file)));
    } catch (InvalidPolicyException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }
}
