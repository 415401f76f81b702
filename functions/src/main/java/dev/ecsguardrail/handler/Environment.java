package dev.ecsguardrail.handler;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.S3OrgReportGateway;
import dev.ecsguardrail.aws.SecurityHubGateway;
import dev.ecsguardrail.flow.OrgReportPublisher;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.Topic;
import dev.ecsguardrail.securityhub.HubAccount;
import java.time.Clock;

/** The settings template.yaml gives each function. */
final class Environment {

  private Environment() {}

  /** A variable the function cannot work without: fails its initialisation, saying why. */
  static String required(String name, String otherwise) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: " + otherwise);
    }
    return value;
  }

  /**
   * Security Hub as {@code SecurityHubFindings} says: off (the default) calls nothing; on imports
   * into the function's own account and Region, reporting failures to {@code topic}.
   */
  static SecurityHubPublisher securityHub(AwsClients clients, Topic topic) {
    String setting = System.getenv("SECURITY_HUB_FINDINGS");
    if (setting == null || setting.isBlank() || "off".equals(setting)) {
      return SecurityHubPublisher.OFF;
    }
    if (!"on".equals(setting)) {
      throw new IllegalStateException("SECURITY_HUB_FINDINGS is " + setting + ": say on or off");
    }
    return new SecurityHubPublisher(
        new SecurityHubGateway(clients.securityHub()),
        new HubAccount(
            required("ACCOUNT_ID", "findings are imported into the function's own account"),
            AwsClients.currentRegion()),
        topic,
        Clock.systemUTC());
  }

  /**
   * The organization's copy of the weekly sweep as {@code OrgReportBucket} says: no bucket (the
   * default) builds no S3 client and calls nothing; a bucket is written to, with the customer
   * managed key {@code OrgReportKmsKeyArn} names if any, reporting failures to {@code topic}.
   */
  static OrgReportPublisher orgReport(AwsClients clients, Topic topic) {
    String bucket = System.getenv("ORG_REPORT_BUCKET");
    if (bucket == null || bucket.isBlank()) {
      return OrgReportPublisher.OFF;
    }
    String key = System.getenv("ORG_REPORT_KMS_KEY_ARN");
    return new OrgReportPublisher(
        new S3OrgReportGateway(clients.s3(), bucket, key == null || key.isBlank() ? null : key),
        topic);
  }
}
