package dev.ecsguardrail.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --parameter KEY=VALUE}s given for every template of one check: each template takes the
 * ones it declares, and a key no template declares (a typo, most often) is the caller's to report.
 */
public final class ParameterValues {

  private final Map<String, String> given;
  private final Set<String> declared = new HashSet<>();

  public ParameterValues(Map<String, String> given) {
    this.given = Map.copyOf(given);
  }

  /** The values given for the parameters a template's {@code Parameters} section declares. */
  Map<String, String> declaredIn(JsonNode parameters) {
    Map<String, String> values = new LinkedHashMap<>();
    parameters.fieldNames().forEachRemaining(declared::add);
    given.forEach(
        (key, value) -> {
          if (parameters.has(key)) {
            values.put(key, value);
          }
        });
    return values;
  }

  /** The keys given that no template read so far declares, in name order. */
  public List<String> undeclared() {
    return given.keySet().stream().filter(k -> !declared.contains(k)).sorted().toList();
  }

  /** Every parameter the templates read so far declare. */
  public Set<String> declared() {
    return Set.copyOf(declared);
  }
}
