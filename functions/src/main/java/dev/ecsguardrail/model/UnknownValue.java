package dev.ecsguardrail.model;

/**
 * A value a pre-deploy input cannot give: unknown until apply in a Terraform plan, or an intrinsic
 * function the template reader does not resolve. The rules that read it do not run; nothing is
 * assumed compliant.
 *
 * @param path the field in the ECS API's shape, e.g. {@code containerDefinitions[0].portMappings}
 * @param why {@code known after apply}, {@code Fn::Sub}, ...
 */
public record UnknownValue(String path, String why) {}
