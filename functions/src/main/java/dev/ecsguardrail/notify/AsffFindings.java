package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.Call;
import dev.ecsguardrail.model.Caller;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.UnevaluableEventRule;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerted findings in the AWS Security Finding Format (ASFF 2018-10-08), as BatchImportFindings
 * takes them for the account's default product: one finding per account, Region, rule and resource,
 * whose {@code Id} stays the same on every evaluation so an import updates it rather than adding
 * one. Exempt, off and rejected findings are not there, nor EV001 (about an event, not a resource).
 * Texts are cut to ASFF's limits (Title 256, Description 1,024, Recommendation 512 characters).
 */
public final class AsffFindings {

  private AsffFindings() {}

  /**
   * The Security Hub findings of these verdicts; several findings of one rule on one resource (two
   * ports without appProtocol) are one, the most severe first, its description saying how many.
   *
   * @param observedAt when the evaluation saw them (the call's time, or the sweep's)
   * @param now when they are imported: created and updated then
   * @param eventId the evaluated event, or the sweep
   * @param caller who made the call; {@code null} when there is none
   */
  public static List<HubFinding> findings(
      HubAccount where,
      List<Verdict> alerted,
      Instant observedAt,
      Instant now,
      String eventId,
      Caller caller) {
    Map<String, List<Verdict>> byId = new LinkedHashMap<>();
    for (Verdict v : alerted) {
      Finding f = v.finding();
      if (f.rejectedByEcs() || UnevaluableEventRule.INFO.id().equals(f.ruleId())) {
        continue;
      }
      String id = where.findingId(f.ruleId(), where.resourceArn(f.resource()));
      byId.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
    }
    List<HubFinding> findings = new ArrayList<>();
    byId.forEach(
        (id, same) -> findings.add(finding(where, id, same, observedAt, now, eventId, caller)));
    return findings;
  }

  private static HubFinding finding(
      HubAccount where,
      String id,
      List<Verdict> same,
      Instant observedAt,
      Instant now,
      String eventId,
      Caller caller) {
    Verdict verdict = same.getFirst();
    Finding f = verdict.finding();
    String resourceArn = where.resourceArn(f.resource());
    String more =
        same.size() == 1
            ? ""
            : " (" + same.size() + " findings of this rule here; the first shown)";
    String description =
        UntrustedText.cut(UntrustedText.oneLine(f.message()), 1024 - more.length());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ecs-guardrail/eventId", eventId);
    fields.put("ecs-guardrail/verdict", verdict.outcome().label());
    if (caller != null) {
      fields.put("ecs-guardrail/caller", UntrustedText.oneLine(caller.principal()));
    }
    return new HubFinding(
        id,
        where.productArn(),
        HubAccount.GENERATOR_PREFIX + f.ruleId(),
        where.account(),
        now,
        now,
        observedAt,
        observedAt,
        f.severity().name(),
        UntrustedText.cut(f.ruleId() + " " + f.title(), 256),
        description + more,
        UntrustedText.cut(UntrustedText.oneLine(f.remediation()), 512),
        f.link(),
        HubAccount.resourceType(resourceArn),
        resourceArn,
        where.partition(),
        where.region(),
        HubFinding.FAILED,
        HubFinding.ACTIVE,
        fields);
  }

  /**
   * A decision's findings as {@code check --format asff} prints them: about its call, at its time.
   */
  static ArrayNode toJson(Decision decision) {
    ArrayNode json = StrictJson.MAPPER.createArrayNode();
    Call call = decision.evaluation().call();
    if (call == null || call.account() == null || call.region() == null) {
      return json;
    }
    findings(
            new HubAccount(call.account(), call.region()),
            decision.alerted(),
            call.eventTime(),
            call.eventTime(),
            decision.evaluation().eventId(),
            call.caller())
        .forEach(f -> json.add(toJson(f)));
    return json;
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

  /** One finding in ASFF's JSON, as the console's "Finding JSON" shows it. */
  public static ObjectNode toJson(HubFinding f) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("SchemaVersion", HubFinding.SCHEMA_VERSION);
    node.put("Id", f.id());
    node.put("ProductArn", f.productArn());
    node.put("GeneratorId", f.generatorId());
    node.put("AwsAccountId", f.awsAccountId());
    node.putArray("Types").add(HubFinding.TYPE);
    node.put("CreatedAt", f.createdAt().toString());
    node.put("UpdatedAt", f.updatedAt().toString());
    node.put("FirstObservedAt", f.firstObservedAt().toString());
    node.put("LastObservedAt", f.lastObservedAt().toString());
    node.putObject("Severity").put("Label", f.severity());
    // Where a provider's own severity and types live once a user may have changed the top-level
    // ones (BatchImportFindings for finding providers, AWS Security Hub User Guide).
    ObjectNode provider = node.putObject("FindingProviderFields");
    provider.putObject("Severity").put("Label", f.severity());
    provider.putArray("Types").add(HubFinding.TYPE);
    node.put("Title", f.title());
    node.put("Description", f.description());
    ObjectNode recommendation =
        node.putObject("Remediation").putObject("Recommendation").put("Text", f.recommendation());
    if (f.url() != null) {
      recommendation.put("Url", f.url());
    }
    node.putArray("Resources")
        .addObject()
        .put("Type", f.resourceType())
        .put("Id", f.resourceId())
        .put("Partition", f.partition())
        .put("Region", f.region());
    node.putObject("Compliance").put("Status", f.compliance());
    node.put("RecordState", f.recordState());
    ObjectNode fields = node.putObject("ProductFields");
    f.productFields().forEach(fields::put);
    return node;
  }

  /**
   * A finding as GetFindings answers it, with what the guardrail sets; the fields it never sets are
   * not kept, and those a finding lacks take the defaults an import would have given them.
   */
  public static HubFinding fromJson(JsonNode f) {
    JsonNode resource = f.path("Resources").path(0);
    JsonNode recommendation = f.path("Remediation").path("Recommendation");
    Map<String, String> fields = new LinkedHashMap<>();
    f.path("ProductFields")
        .properties()
        .forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    String createdAt = text(f, "CreatedAt", null);
    String updatedAt = text(f, "UpdatedAt", null);
    return new HubFinding(
        text(f, "Id", null),
        text(f, "ProductArn", null),
        text(f, "GeneratorId", ""),
        text(f, "AwsAccountId", null),
        instant(createdAt),
        instant(updatedAt),
        instant(text(f, "FirstObservedAt", createdAt)),
        instant(text(f, "LastObservedAt", updatedAt)),
        text(f.path("Severity"), "Label", "INFORMATIONAL"),
        text(f, "Title", null),
        text(f, "Description", null),
        text(recommendation, "Text", ""),
        text(recommendation, "Url", null),
        text(resource, "Type", "Other"),
        text(resource, "Id", ""),
        text(resource, "Partition", null),
        text(resource, "Region", null),
        text(f.path("Compliance"), "Status", HubFinding.FAILED),
        text(f, "RecordState", null),
        fields);
  }

  private static String text(JsonNode node, String field, String absent) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : absent;
  }

  private static Instant instant(String iso) {
    return iso == null ? Instant.EPOCH : Instant.parse(iso);
  }
}
