package dev.ecsguardrail.model;

/**
 * Who made an API call and with what.
 *
 * @param principal the ARN (or type) from {@code userIdentity}
 * @param tool what the user agent and source address say: Terraform, CloudFormation, console, ...
 */
public record Caller(String principal, String tool) {

  public static final Caller UNKNOWN = new Caller("unknown", "unknown");
}
