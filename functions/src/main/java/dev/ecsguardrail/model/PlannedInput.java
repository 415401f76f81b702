package dev.ecsguardrail.model;

import java.util.List;

/**
 * One pre-deploy file read into the model: the services it creates or updates (with the task
 * definitions they run), and what was not evaluated.
 *
 * @param format {@code terraform-plan} or {@code cloudformation}
 * @param skipped resources that are not evaluated (deleted, unchanged, unreadable) with the reason
 * @param taskDefinitions every task definition the input creates or updates
 */
public record PlannedInput(
    String file,
    String format,
    List<PlannedService> services,
    List<PlannedTaskDefinition> taskDefinitions,
    List<ResourceReport> skipped) {

  public PlannedInput {
    services = List.copyOf(services);
    taskDefinitions = List.copyOf(taskDefinitions);
    skipped = List.copyOf(skipped);
  }
}
