package dev.ecsguardrail.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mode of each rule: defaults in code, overridden per account by one JSON document: {@code
 * {"default":"report","rules":{"SC002":"enforce","SC011":"off"}}}.
 *
 * @param defaultMode the mode of every rule the document does not name
 * @param modes per rule id
 */
public record Policy(RuleMode defaultMode, Map<String, RuleMode> modes) {

  /** Every rule reports until an account says otherwise: a guardrail never blocks by surprise. */
  public static final Policy DEFAULTS = new Policy(RuleMode.REPORT, Map.of());

  private static final Set<String> RULE_IDS =
      RuleCatalog.ALL.stream().map(RuleInfo::id).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> FIELDS = Set.of("default", "rules");

  public Policy {
    modes = Map.copyOf(modes);
  }

  public RuleMode modeOf(String ruleId) {
    // An event that cannot be checked is always reported: turning EV001 off would hide blind spots.
    if (UnevaluableEventRule.INFO.id().equals(ruleId)) {
      return RuleMode.REPORT;
    }
    return modes.getOrDefault(ruleId, defaultMode);
  }

  /**
   * Reads a policy document. Strict: an unknown field, rule id or mode is an error, because a typo
   * that silently fell back to a default would leave a rule in a mode nobody chose.
   *
   * @throws InvalidPolicyException with what is wrong and where
   */
  public static Policy parse(String document) {
    JsonNode root;
    try {
      root = StrictJson.MAPPER.readTree(document);
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyException(
          "policy document is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidPolicyException("policy document must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidPolicyException(
            "policy document: unknown field \"" + name + "\" (expected default, rules)");
      }
    }
    RuleMode defaultMode =
        root.has("default")
            ? RuleMode.parse(textOf(root.get("default"), "default"), "default")
            : DEFAULTS.defaultMode();
    Map<String, RuleMode> modes = new LinkedHashMap<>();
    JsonNode rules = root.get("rules");
    if (rules != null) {
      if (!rules.isObject()) {
        throw new InvalidPolicyException("policy document: rules must be an object");
      }
      for (var entry : rules.properties()) {
        String id = entry.getKey();
        if (!RULE_IDS.contains(id)) {
          throw new InvalidPolicyException("policy document: rules." + id + " is not a rule id");
        }
        if (UnevaluableEventRule.INFO.id().equals(id)) {
          throw new InvalidPolicyException(
              "policy document: rules."
                  + id
                  + " cannot be changed (events that cannot be"
                  + " checked are always reported)");
        }
        modes.put(id, RuleMode.parse(textOf(entry.getValue(), "rules." + id), "rules." + id));
      }
    }
    return new Policy(defaultMode, modes);
  }

  private static String textOf(JsonNode node, String where) {
    if (!node.isTextual()) {
      throw new InvalidPolicyException("policy document: " + where + " must be a string");
    }
    return node.asText();
  }
}
