package dev.ecsguardrail.securityhub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What to import after an evaluation, given what Security Hub holds from earlier ones: every
 * finding the evaluation saw (keeping when it was first seen), and every earlier active finding the
 * evaluation settled but no longer sees, archived as passed. An earlier finding the evaluation did
 * not settle (another rule, another resource, a resource it could not evaluate) is left as it is.
 * Pure.
 */
public final class FindingLifecycle {

  private FindingLifecycle() {}

  /**
   * @param observed what the evaluation alerted, as findings (one per id)
   * @param earlier the guardrail's active findings Security Hub holds on the resources concerned
   * @param settled whether the evaluation decided this earlier finding's rule on its resource
   */
  public static List<HubFinding> imports(
      List<HubFinding> observed,
      List<HubFinding> earlier,
      Predicate<HubFinding> settled,
      Instant now) {
    Map<String, HubFinding> earlierById = new LinkedHashMap<>();
    earlier.stream().filter(HubFinding::active).forEach(f -> earlierById.put(f.id(), f));
    List<HubFinding> imports = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (HubFinding f : observed) {
      HubFinding before = earlierById.get(f.id());
      imports.add(before == null ? f : f.seenSince(before));
      seen.add(f.id());
    }
    for (HubFinding before : earlierById.values()) {
      if (!seen.contains(before.id()) && settled.test(before)) {
        imports.add(before.archived(now));
      }
    }
    return imports;
  }
}
