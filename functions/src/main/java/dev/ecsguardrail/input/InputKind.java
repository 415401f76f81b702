package dev.ecsguardrail.input;

import java.nio.charset.StandardCharsets;

/**
 * What a file given to {@code check FILE} is, told from its first 64 KiB: a Terraform plan ({@code
 * terraform show -json}), a CloudFormation template, or an EventBridge event or CloudFormation hook
 * request.
 */
public enum InputKind {
  TERRAFORM_PLAN,
  TEMPLATE,
  EVENT,
  UNKNOWN;

  private static final int SNIFF = 64 * 1024;

  public static InputKind of(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, SNIFF), StandardCharsets.UTF_8);
    if (startsLikeJson(bytes)) {
      if (head.contains("\"format_version\"")
          && (head.contains("\"terraform_version\"") || head.contains("\"resource_changes\""))) {
        return TERRAFORM_PLAN;
      }
      if (head.contains("\"detail-type\"") || head.contains("\"actionInvocationPoint\"")) {
        return EVENT; // an EventBridge event, or a CloudFormation hook request
      }
      if (head.contains("\"Resources\"") || head.contains("\"AWSTemplateFormatVersion\"")) {
        return TEMPLATE;
      }
      return UNKNOWN;
    }
    return head.lines()
            .anyMatch(l -> l.startsWith("Resources:") || l.startsWith("AWSTemplateFormatVersion:"))
        ? TEMPLATE
        : UNKNOWN;
  }

  /** The first character that is not white space (or a byte-order mark) is a brace. */
  static boolean startsLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' '
          && b != '\n'
          && b != '\r'
          && b != '\t'
          && b != (byte) 0xEF
          && b != (byte) 0xBB
          && b != (byte) 0xBF) {
        return false;
      }
    }
    return false;
  }
}
