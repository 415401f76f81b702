package dev.ecsguardrail.model;

import java.util.List;

/**
 * The input replaces the service instead of updating it: a Terraform plan's delete-and-create, or a
 * CloudFormation update of a create-only property.
 *
 * @param tool {@code terraform} or {@code cloudformation}
 * @param how the plan's actions ({@code delete, create}) or the stack operation
 * @param forcedBy the fields that force it, as the input names them; empty when it does not say
 */
public record Replacement(String tool, String how, List<String> forcedBy) {

  public static final String TERRAFORM = "terraform";
  public static final String CLOUDFORMATION = "cloudformation";

  public Replacement {
    forcedBy = List.copyOf(forcedBy);
  }
}
