package dev.ecsguardrail.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.PartialEvaluation;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.PartialEvaluationRule;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A decision as SARIF 2.1.0, as GitHub code scanning takes it: the catalog's rules in {@code
 * tool.driver.rules}, one result per alerted or exempt finding (exempt ones suppressed), at the
 * finding's file and line, with a fingerprint of what it is about (rule, resource, field, file)
 * that does not move when unrelated lines do. A service some rules could not run on is an EV002
 * result (a notification would not show: code scanning lists results only); files that could not be
 * read are the invocation's notifications. Strings are JSON-escaped by the writer; messages are
 * plain text, never markdown, so a name from a template cannot format anything.
 */
final class SarifReport {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  static String render(Decision decision, FailOn failOn) {
    ObjectNode root = StrictJson.MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "ecs-guardrail");
    driver.put("informationUri", "https://github.com/ecs-guardrail/ecs-guardrail");
    String version = SarifReport.class.getPackage().getImplementationVersion();
    driver.put("semanticVersion", version == null ? "0.0.0-dev" : version);
    ArrayNode rules = driver.putArray("rules");
    List<RuleInfo> catalog = RuleCatalog.ALL;
    catalog.forEach(r -> rules.add(rule(r)));
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", decision.evaluation().evaluable());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (ResourceReport r : decision.evaluation().resources()) {
      if (r.type().equals("file")) {
        ObjectNode n = notifications.addObject();
        n.put("level", "error");
        n.putObject("message").put("text", r.address() + ": " + r.reason());
        location(n.putArray("locations").addObject(), r.location());
      }
    }
    if (!decision.evaluation().evaluable() && decision.evaluation().resources().isEmpty()) {
      ObjectNode n = notifications.addObject();
      n.put("level", "error");
      n.putObject("message").put("text", "not evaluated: " + decision.evaluation().reason());
    }
    ArrayNode results = run.putArray("results");
    for (Verdict v : decision.verdicts()) {
      if (v.outcome().alerted() || v.outcome() == Outcome.EXEMPT) {
        results.add(result(v, catalog));
      }
    }
    for (PartialEvaluation partial : PartialEvaluation.of(decision.evaluation())) {
      results.add(result(partial, failOn, catalog));
    }
    try {
      return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a SARIF tree always serializes", e);
    }
  }

  private static ObjectNode rule(RuleInfo rule) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("id", rule.id());
    node.put("name", name(rule.title()));
    node.putObject("shortDescription").put("text", rule.title());
    node.putObject("fullDescription").put("text", rule.rationale());
    node.put("helpUri", rule.link());
    node.putObject("help")
        .put(
            "text",
            rule.rationale()
                + "\n\nWhat to do: "
                + rule.remediation()
                + "\n\nReference: "
                + rule.link())
        .put(
            "markdown",
            "**Why it matters.** "
                + rule.rationale()
                + "\n\n**What to do.** "
                + rule.remediation()
                + "\n\n[Reference]("
                + rule.link()
                + ")");
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ObjectNode properties = node.putObject("properties");
    properties
        .putArray("tags")
        .add("ecs")
        .add("service-connect")
        .add(rule.severity().name().toLowerCase(Locale.ROOT));
    properties.put("security-severity", securitySeverity(rule.severity()));
    return node;
  }

  private static ObjectNode result(Verdict verdict, List<RuleInfo> catalog) {
    Finding f = verdict.finding();
    ObjectNode node =
        result(
            f.ruleId(),
            level(f.severity()),
            f.resource() + ": " + f.message() + " What to do: " + f.remediation(),
            catalog);
    if (f.location() != null) {
      locations(node, f.location(), f.resource());
    }
    node.putObject("partialFingerprints")
        .put(
            "ecsGuardrailFinding/v1",
            fingerprint(f.ruleId(), f.resource(), f.path(), f.location()));
    if (verdict.outcome() == Outcome.EXEMPT) {
      node.putArray("suppressions")
          .addObject()
          .put("kind", "external")
          .put("justification", verdict.reason());
    }
    ObjectNode properties = node.putObject("properties");
    properties.put("verdict", verdict.outcome().label());
    properties.put("verdictReason", verdict.reason());
    if (f.path() != null) {
      properties.put("path", f.path());
    }
    if (f.monthlyCostUsd() != null) {
      properties.put("monthlyCostUsd", f.monthlyCostUsd());
    }
    return node;
  }

  /**
   * EV002 on a service some rules could not run on: a warning whatever their severity (the run's
   * exit code says whether it fails), naming each rule, what it needs and how to provide it.
   */
  private static ObjectNode result(
      PartialEvaluation partial, FailOn failOn, List<RuleInfo> catalog) {
    ResourceReport r = partial.resource();
    ObjectNode node =
        result(
            PartialEvaluationRule.INFO.id(),
            "warning",
            r.address() + ": " + partial.summary() + " EV002 " + failOn.standing(partial) + ".",
            catalog);
    locations(node, r.location(), r.address());
    node.putObject("partialFingerprints")
        .put(
            "ecsGuardrailFinding/v1",
            fingerprint(PartialEvaluationRule.INFO.id(), r.address(), null, r.location()));
    ObjectNode properties = node.putObject("properties");
    r.rulesNotRun().forEach(properties.putObject("rulesNotRun")::put);
    properties.put("failsCheck", failOn.fails(partial));
    return node;
  }

  private static ObjectNode result(
      String ruleId, String level, String message, List<RuleInfo> catalog) {
    ObjectNode node = StrictJson.MAPPER.createObjectNode();
    node.put("ruleId", ruleId);
    int index = catalog.stream().map(RuleInfo::id).toList().indexOf(ruleId);
    if (index >= 0) {
      node.put("ruleIndex", index);
    }
    node.put("level", level);
    node.putObject("message").put("text", message);
    return node;
  }

  private static void locations(ObjectNode result, SourceLocation at, String resource) {
    ObjectNode location = result.putArray("locations").addObject();
    location(location, at);
    location.putArray("logicalLocations").addObject().put("fullyQualifiedName", resource);
  }

  private static void location(ObjectNode location, SourceLocation at) {
    ObjectNode physical = location.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", at.file());
    ObjectNode region = physical.putObject("region").put("startLine", at.line());
    if (at.column() > 0) {
      region.put("startColumn", at.column());
    }
  }

  /** What a result is about, not where: the same when lines above it move. */
  private static String fingerprint(
      String ruleId, String resource, String path, SourceLocation location) {
    String file = location == null ? "" : location.file();
    String key = ruleId + "|" + resource + "|" + path + "|" + file;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  /** GitHub's bands: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case HIGH -> "8.0";
      case MEDIUM -> "5.0";
      case LOW -> "2.0";
    };
  }

  /**
   * {@code Service Connect port without appProtocol (plain TCP)} → {@code
   * ServiceConnectPortWithoutAppProtocol}.
   */
  static String name(String title) {
    StringBuilder out = new StringBuilder();
    for (String word : title.replaceAll("\\(.*?\\)", " ").split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }
}
