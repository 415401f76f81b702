package dev.ecsguardrail.model;

import java.util.List;
import java.util.Map;

/**
 * A task definition a plan or template creates or updates.
 *
 * @param address the Terraform address or the template's logical id
 * @param view {@code null} when it could not be read ({@code problem} says why)
 * @param unknowns the fields it leaves unknown
 * @param locations where each field it sets is written, by path in the API's shape
 */
public record PlannedTaskDefinition(
    String address,
    String type,
    SourceLocation location,
    TaskDefinitionView view,
    String problem,
    List<UnknownValue> unknowns,
    Map<String, SourceLocation> locations) {

  public PlannedTaskDefinition {
    unknowns = List.copyOf(unknowns);
    locations = Map.copyOf(locations);
  }
}
