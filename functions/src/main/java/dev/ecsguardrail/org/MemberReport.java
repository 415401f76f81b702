package dev.ecsguardrail.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One account's weekly sweep of one Region, as its digest function wrote it to the organization's
 * bucket ({@code weekly/<week>/<account>/<region>.json.gz}: the digest's JSON, ScanJson).
 *
 * @param complete the sweep read everything (an incomplete one is counted and named)
 */
public record MemberReport(
    String account,
    String region,
    boolean complete,
    double monthlyCostUsd,
    int checkedServices,
    List<Orphan> orphans,
    List<Finding> findings,
    List<Exemption> exemptions) {

  /** A namespace (or other resource) left behind, with its cleanup commands. */
  public record Orphan(
      String account,
      String region,
      String name,
      String arn,
      double monthlyCostUsd,
      List<String> cleanup) {}

  /** A standing finding on a service (or NS001 on a namespace). */
  public record Finding(
      String account, String region, String ruleId, String severity, String resource) {}

  /** An exemption that lapsed, lapses within two weeks, or cannot be honoured. */
  public record Exemption(
      String account, String region, String resource, String state, String tag) {}

  public MemberReport {
    orphans = List.copyOf(orphans);
    findings = List.copyOf(findings);
    exemptions = List.copyOf(exemptions);
  }

  /**
   * The object as written: gzip, then the digest's JSON.
   *
   * @param key the object's key, which names the account and Region it must be for
   * @throws MalformedEventException when it is not gzip, not that JSON, or for another account or
   *     Region than its key says
   */
  public static MemberReport read(byte[] object, WeeklyKey key) {
    JsonNode json;
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(object))) {
      json = StrictJson.parse(gzip.readAllBytes(), key.key());
    } catch (IOException e) {
      throw new MalformedEventException(key.key() + " is not gzip: " + e.getMessage());
    }
    String account = text(json, "account", key);
    String region = text(json, "region", key);
    if (!account.equals(key.account()) || !region.equals(key.region())) {
      throw new MalformedEventException(
          key.key() + " holds the report of " + account + " " + region + ", not of its key");
    }
    List<Orphan> orphans = new ArrayList<>();
    for (JsonNode o : array(json, "orphans", key)) {
      List<String> cleanup = new ArrayList<>();
      o.path("cleanup").forEach(c -> cleanup.add(c.asText()));
      orphans.add(
          new Orphan(
              account,
              region,
              o.path("name").asText(""),
              o.path("arn").asText(""),
              o.path("monthlyCostUsd").asDouble(0),
              cleanup));
    }
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : array(json, "findings", key)) {
      findings.add(
          new Finding(
              account,
              region,
              f.path("ruleId").asText("?"),
              f.path("severity").asText("?"),
              f.path("resource").asText("")));
    }
    List<Exemption> exemptions = new ArrayList<>();
    for (JsonNode e : array(json, "exemptions", key)) {
      exemptions.add(
          new Exemption(
              account,
              region,
              e.path("resource").asText(""),
              e.path("state").asText(""),
              e.path("tag").asText("")));
    }
    JsonNode cost = json.get("totalMonthlyCostUsd");
    if (cost == null || !cost.isNumber()) {
      throw new MalformedEventException(key.key() + ": totalMonthlyCostUsd is not a number");
    }
    return new MemberReport(
        account,
        region,
        json.path("complete").asBoolean(false),
        cost.asDouble(),
        json.path("checkedServices").asInt(0),
        orphans,
        findings,
        exemptions);
  }

  private static String text(JsonNode json, String field, WeeklyKey key) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedEventException(key.key() + ": " + field + " is not a string");
    }
    return value.asText();
  }

  private static JsonNode array(JsonNode json, String field, WeeklyKey key) {
    JsonNode value = json.get(field);
    if (value == null || !value.isArray()) {
      throw new MalformedEventException(key.key() + ": " + field + " is not a list");
    }
    return value;
  }
}
