package dev.ecsguardrail.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.flow.SecurityHub;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.AsffFindings;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchImportFindings ({@code POST /findings/import}) and GetFindings ({@code POST /findings}) for
 * the account's default product, in Security Hub's restJson1 API (AWS Security Hub API Reference),
 * through {@link SigV4JsonClient}. Imports go in batches of at most 100 (Security Hub's limit per
 * call); findings a batch refuses ({@code FailedFindings}) are sent again, twice at most, then
 * returned. Throttling (10 calls a second per account and Region, bursts of 30) is backed off by
 * the adaptive retries, as everywhere.
 */
public final class SecurityHubGateway implements SecurityHub {

  static final int BATCH = 100;
  private static final int RESENDS = 2;
  private static final int PAGE = 100;

  /** ResourceId values per GetFindings call: the filter's limit is 20 values per field. */
  private static final int RESOURCES_PER_READ = 20;

  private final SigV4JsonClient client;

  public SecurityHubGateway(SigV4JsonClient client) {
    this.client = client;
  }

  @Override
  public List<HubFinding> activeFindings(String productArn, Collection<String> resourceIds) {
    List<HubFinding> found = new ArrayList<>();
    if (resourceIds == null) {
      read(productArn, null, found);
      return found;
    }
    List<String> all = List.copyOf(resourceIds);
    for (int i = 0; i < all.size(); i += RESOURCES_PER_READ) {
      read(productArn, all.subList(i, Math.min(all.size(), i + RESOURCES_PER_READ)), found);
    }
    return found;
  }

  @AwsOperation("securityhub:GetFindings")
  private void read(String productArn, List<String> resources, List<HubFinding> into) {
    ObjectNode request = StrictJson.MAPPER.createObjectNode();
    ObjectNode filters = request.putObject("Filters");
    filter(filters.putArray("ProductArn"), "EQUALS", productArn);
    filter(filters.putArray("GeneratorId"), "PREFIX", HubAccount.GENERATOR_PREFIX);
    filter(filters.putArray("RecordState"), "EQUALS", HubFinding.ACTIVE);
    if (resources != null) {
      ArrayNode ids = filters.putArray("ResourceId");
      resources.forEach(id -> filter(ids, "EQUALS", id));
    }
    request.put("MaxResults", PAGE);
    Set<String> wanted = resources == null ? null : new HashSet<>(resources);
    String next = null;
    do {
      if (next != null) {
        request.put("NextToken", next);
      }
      JsonNode page = call("GetFindings", "/findings", request);
      for (JsonNode f : page.path("Findings")) {
        HubFinding finding = AsffFindings.fromJson(f);
        // moto 5.2.5 ignores GetFindings filters and answers every finding it holds: the same
        // conditions again, which change nothing against Security Hub itself.
        if (productArn.equals(finding.productArn())
            && finding.generatorId().startsWith(HubAccount.GENERATOR_PREFIX)
            && finding.active()
            && (wanted == null || wanted.contains(finding.resourceId()))) {
          into.add(finding);
        }
      }
      next = page.path("NextToken").isTextual() ? page.path("NextToken").asText() : null;
    } while (next != null && !next.isEmpty());
  }

  private static void filter(ArrayNode into, String comparison, String value) {
    into.addObject().put("Comparison", comparison).put("Value", value);
  }

  @Override
  public Map<String, String> importFindings(List<HubFinding> findings) {
    Map<String, String> refused = new LinkedHashMap<>();
    for (int i = 0; i < findings.size(); i += BATCH) {
      List<HubFinding> batch = findings.subList(i, Math.min(findings.size(), i + BATCH));
      for (int attempt = 0; attempt <= RESENDS && !batch.isEmpty(); attempt++) {
        Map<String, String> failed = send(batch);
        refused.keySet().removeAll(idsOf(batch));
        refused.putAll(failed);
        batch = batch.stream().filter(f -> failed.containsKey(f.id())).toList();
      }
    }
    return refused;
  }

  private static Set<String> idsOf(List<HubFinding> findings) {
    Set<String> ids = new HashSet<>();
    findings.forEach(f -> ids.add(f.id()));
    return ids;
  }

  @AwsOperation("securityhub:BatchImportFindings")
  private Map<String, String> send(List<HubFinding> batch) {
    ObjectNode request = StrictJson.MAPPER.createObjectNode();
    ArrayNode items = request.putArray("Findings");
    batch.forEach(f -> items.add(AsffFindings.toJson(f)));
    JsonNode answer = call("BatchImportFindings", "/findings/import", request);
    Map<String, String> failed = new LinkedHashMap<>();
    for (JsonNode e : answer.path("FailedFindings")) {
      failed.put(
          e.path("Id").asText(),
          e.path("ErrorCode").asText() + ": " + e.path("ErrorMessage").asText());
    }
    return failed;
  }

  private JsonNode call(String operation, String path, JsonNode request) {
    try {
      return client.post(path, request);
    } catch (SigV4JsonClient.CallFailedException e) {
      throw new UnavailableException(operation + ": " + e.getMessage(), e);
    }
  }
}
