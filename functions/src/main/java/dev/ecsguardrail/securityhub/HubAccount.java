package dev.ecsguardrail.securityhub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The account and Region findings are imported into: the custom-finding route of Security Hub CSPM
 * takes them under the account's own default product, and only from that account.
 */
public record HubAccount(String account, String region) {

  /** What every generator id of the guardrail's starts with. */
  public static final String GENERATOR_PREFIX = "ecs-guardrail/";

  public String partition() {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  /** {@code arn:aws:securityhub:<region>:<account>:product/<account>/default}. */
  public String productArn() {
    return "arn:"
        + partition()
        + ":securityhub:"
        + region
        + ":"
        + account
        + ":product/"
        + account
        + "/default";
  }

  /** A finding's resource as an ARN: {@code cluster/service} is a service; an ARN stays. */
  public String resourceArn(String resource) {
    if (resource.startsWith("arn:")) {
      return resource;
    }
    return "arn:" + partition() + ":ecs:" + region + ":" + account + ":service/" + resource;
  }

  /** ASFF's type for an ECS service; anything else (a namespace, an alarm) is {@code Other}. */
  public static String resourceType(String resourceArn) {
    return resourceArn.contains(":ecs:") && resourceArn.contains(":service/")
        ? "AwsEcsService"
        : "Other";
  }

  /**
   * Stable per account, Region, rule and resource, so a re-evaluation updates the finding rather
   * than adding one. ASFF ids are at most 512 characters: a longer one ends in a hash of the
   * resource instead.
   */
  public String findingId(String ruleId, String resourceArn) {
    String id = GENERATOR_PREFIX + region + "/" + ruleId + "/" + resourceArn;
    if (id.length() <= 512) {
      return id;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(resourceArn.getBytes(StandardCharsets.UTF_8));
      return GENERATOR_PREFIX + region + "/" + ruleId + "/sha256-" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
