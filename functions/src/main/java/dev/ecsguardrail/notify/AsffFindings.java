package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;

/**
 * A decision's alerted findings in the AWS Security Finding Format (ASFF 2018-10-08), as
 * BatchImportFindings takes them for the account's default product: one finding per account,
 * Region, rule and resource, whose {@code Id} stays the same on every evaluation so an import
 * updates it rather than adding one. Exempt, off and rejected findings are not there. Texts are cut
 * to ASFF's limits (Title 256, Description 1,024, Recommendation 512 characters). Only decisions
 * about a call have an account and Region; others give an empty list.
 */
final class AsffFindings {

  private static final String SCHEMA_VERSION = "2018-10-08";
  private static final String TYPE = "Software and Configuration Checks/AWS Best Practices";

  private AsffFindings() {}

  static ArrayNode toJson(Decision decision) {
    ArrayNode findings = StrictJson.MAPPER.createArrayNode();
    Call call = decision.evaluation().call();
    if (call == null || call.account() == null || call.region() == null) {
      return findings;
    }
    for (Verdict v : decision.alerted()) {
      if (!v.finding().rejectedByEcs()) {
        findings.add(finding(v, call, decision.evaluation().eventId()));
      }
    }
    return findings;
  }

  static String render(Decision decision) {
    try {
      return StrictJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(toJson(decision));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ASFF always serializes", e);
    }
  }

  private static ObjectNode finding(Verdict verdict, Call call, String eventId) {
    Finding f = verdict.finding();
    String partition = call.region().startsWith("cn-") ? "aws-cn" : "aws";
    String resourceArn = resourceArn(f, call, partition);
    String observed = call.eventTime().toString();
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("SchemaVersion", SCHEMA_VERSION);
    node.put("Id", id(call, f, resourceArn));
    node.put(
        "ProductArn",
        "arn:"
            + partition
            + ":securityhub:"
            + call.region()
            + ":"
            + call.account()
            + ":product/"
            + call.account()
            + "/default");
    node.put("GeneratorId", "ecs-guardrail/" + f.ruleId());
    node.put("AwsAccountId", call.account());
    node.putArray("Types").add(TYPE);
    node.put("CreatedAt", observed);
    node.put("UpdatedAt", observed);
    node.put("FirstObservedAt", observed);
    node.put("LastObservedAt", observed);
    node.putObject("Severity").put("Label", f.severity().name());
    node.put("Title", UntrustedText.cut(f.ruleId() + " " + f.title(), 256));
    node.put("Description", UntrustedText.cut(UntrustedText.oneLine(f.message()), 1024));
    node.putObject("Remediation")
        .putObject("Recommendation")
        .put("Text", UntrustedText.cut(UntrustedText.oneLine(f.remediation()), 512))
        .put("Url", f.link());
    ArrayNode resources = node.putArray("Resources");
    resources
        .addObject()
        .put("Type", resourceArn.contains(":ecs:") ? "AwsEcsService" : "Other")
        .put("Id", resourceArn)
        .put("Partition", partition)
        .put("Region", call.region());
    node.putObject("Compliance").put("Status", "FAILED");
    node.put("RecordState", "ACTIVE");
    ObjectNode fields = node.putObject("ProductFields");
    fields.put("ecs-guardrail/eventId", eventId);
    fields.put("ecs-guardrail/verdict", verdict.outcome().label());
    fields.put("ecs-guardrail/caller", UntrustedText.oneLine(call.caller().principal()));
    return node;
  }

  /** A service's ARN from {@code cluster/service}; an ARN the finding names is kept as it is. */
  private static String resourceArn(Finding f, Call call, String partition) {
    if (f.resource().startsWith("arn:")) {
      return f.resource();
    }
    return "arn:"
        + partition
        + ":ecs:"
        + call.region()
        + ":"
        + call.account()
        + ":service/"
        + f.resource();
  }

  /**
   * Stable per account, Region, rule and resource: a re-evaluation updates the same finding. ASFF
   * ids are at most 512 characters: a longer one ends in a hash of the resource instead.
   */
  static String id(Call call, Finding f, String resourceArn) {
    String id = "ecs-guardrail/" + call.region() + "/" + f.ruleId() + "/" + resourceArn;
    if (id.length() <= 512) {
      return id;
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(resourceArn.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "ecs-guardrail/"
          + call.region()
          + "/"
          + f.ruleId()
          + "/sha256-"
          + java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
