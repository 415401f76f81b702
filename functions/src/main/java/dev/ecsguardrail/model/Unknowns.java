package dev.ecsguardrail.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a service or task definition that a pre-deploy input leaves unknown, and the check
 * every read of one goes through: a rule is held back only by a value it actually reads, the way a
 * missing task definition holds back only the rules that ask for it.
 *
 * <p>Paths are in the API's shape ({@code containerDefinitions[0].portMappings[1].appProtocol}); a
 * read may use {@code [*]} for every element of a list.
 *
 * @param owner what messages name the resource by when it is not the one evaluated (the task
 *     definition of a service); {@code ""} when it is
 * @param values every unknown of the resource, by path from its root
 * @param prefix where the record holding this sits, from the root ({@code ""} at the root)
 */
public record Unknowns(String owner, List<UnknownValue> values, String prefix) {

  /** Nothing unknown: what an API call, an event or a file from AWS gives. */
  public static final Unknowns NONE = new Unknowns("", List.of(), "");

  public Unknowns {
    values = List.copyOf(values);
  }

  public static Unknowns of(String owner, List<UnknownValue> values) {
    return values.isEmpty() ? NONE : new Unknowns(owner, values, "");
  }

  /** The same unknowns, for the record at {@code child} below this one. */
  public Unknowns at(String child) {
    return values.isEmpty() ? this : new Unknowns(owner, values, join(prefix, child));
  }

  /**
   * Reads the value at {@code field} with everything under it.
   *
   * @throws UnknownValueException when it, a part of it or what holds it is unknown
   */
  public void read(String field) {
    find(field, true).ifPresent(this::raise);
  }

  /**
   * Reads only whether {@code field} is there (a block, a list's elements), not what it holds.
   *
   * @throws UnknownValueException when it or what holds it is unknown
   */
  public void presence(String field) {
    find(field, false).ifPresent(this::raise);
  }

  /** Whether {@link #read} of {@code field} would answer. */
  public boolean known(String field) {
    return find(field, true).isEmpty();
  }

  private void raise(UnknownValue value) {
    throw new UnknownValueException(owner, value);
  }

  private Optional<UnknownValue> find(String field, boolean withContent) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<String> read = segments(join(prefix, field));
    for (UnknownValue value : values) {
      List<String> unknown = segments(value.path());
      if (overlaps(read, unknown) && (unknown.size() <= read.size() || withContent)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** One path lies on the other's way: each segment equal, {@code [*]} matching every index. */
  private static boolean overlaps(List<String> read, List<String> unknown) {
    for (int i = 0; i < Math.min(read.size(), unknown.size()); i++) {
      String r = read.get(i);
      String u = unknown.get(i);
      boolean anyIndex = r.equals("[*]") && u.startsWith("[");
      if (!anyIndex && !r.equals(u)) {
        return false;
      }
    }
    return true;
  }

  /** {@code a.b[0].c} → {@code a, b, [0], c}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '[') {
        if (!name.isEmpty()) {
          segments.add(name.toString());
          name.setLength(0);
        }
        if (c == '[') {
          int end = path.indexOf(']', i);
          end = end < 0 ? path.length() - 1 : end;
          segments.add(path.substring(i, end + 1));
          i = end;
        }
      } else {
        name.append(c);
      }
    }
    if (!name.isEmpty()) {
      segments.add(name.toString());
    }
    return segments;
  }

  private static String join(String prefix, String child) {
    if (prefix.isEmpty() || child.isEmpty()) {
      return prefix + child;
    }
    return child.startsWith("[") ? prefix + child : prefix + "." + child;
  }
}
