package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.SecurityHub;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.Partition;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/**
 * BatchImportFindings and GetFindings for the account's default product. Imports go in batches of
 * at most 100 (Security Hub's limit per call); findings a batch refuses ({@code FailedFindings})
 * are sent again, twice at most, then returned. Throttling (10 calls a second per account and
 * Region, bursts of 30) is backed off by the client's adaptive retries, as everywhere.
 */
public final class SecurityHubGateway implements SecurityHub {

  static final int BATCH = 100;
  private static final int RESENDS = 2;

  /** ResourceId values per GetFindings call: the filter's limit is 20 values per field. */
  private static final int RESOURCES_PER_READ = 20;

  private final SecurityHubClient client;

  public SecurityHubGateway(SecurityHubClient client) {
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

  private void read(String productArn, List<String> resources, List<HubFinding> into) {
    AwsSecurityFindingFilters.Builder filters =
        AwsSecurityFindingFilters.builder()
            .productArn(equalTo(productArn))
            .generatorId(
                StringFilter.builder()
                    .comparison(StringFilterComparison.PREFIX)
                    .value(HubAccount.GENERATOR_PREFIX)
                    .build())
            .recordState(equalTo(RecordState.ACTIVE.toString()));
    if (resources != null) {
      filters.resourceId(resources.stream().map(SecurityHubGateway::equalTo).toList());
    }
    Set<String> wanted = resources == null ? null : new HashSet<>(resources);
    try {
      client
          .getFindingsPaginator(r -> r.filters(filters.build()).maxResults(100))
          .findings()
          .forEach(
              f -> {
                HubFinding finding = fromSdk(f);
                // moto 5.2.5 ignores GetFindings filters and answers every finding it holds: the
                // same conditions again, which change nothing against Security Hub itself.
                if (productArn.equals(finding.productArn())
                    && finding.generatorId().startsWith(HubAccount.GENERATOR_PREFIX)
                    && finding.active()
                    && (wanted == null || wanted.contains(finding.resourceId()))) {
                  into.add(finding);
                }
              });
    } catch (SdkException e) {
      throw new UnavailableException("GetFindings: " + e.getMessage(), e);
    }
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

  private Map<String, String> send(List<HubFinding> batch) {
    BatchImportFindingsResponse response;
    try {
      response =
          client.batchImportFindings(
              r -> r.findings(batch.stream().map(SecurityHubGateway::toSdk).toList()));
    } catch (SdkException e) {
      throw new UnavailableException("BatchImportFindings: " + e.getMessage(), e);
    }
    Map<String, String> failed = new LinkedHashMap<>();
    for (ImportFindingsError e : response.failedFindings()) {
      failed.put(e.id(), e.errorCode() + ": " + e.errorMessage());
    }
    return failed;
  }

  private static StringFilter equalTo(String value) {
    return StringFilter.builder().comparison(StringFilterComparison.EQUALS).value(value).build();
  }

  static AwsSecurityFinding toSdk(HubFinding f) {
    SeverityLabel severity = SeverityLabel.fromValue(f.severity());
    return AwsSecurityFinding.builder()
        .schemaVersion(HubFinding.SCHEMA_VERSION)
        .id(f.id())
        .productArn(f.productArn())
        .generatorId(f.generatorId())
        .awsAccountId(f.awsAccountId())
        .types(HubFinding.TYPE)
        .createdAt(f.createdAt().toString())
        .updatedAt(f.updatedAt().toString())
        .firstObservedAt(f.firstObservedAt().toString())
        .lastObservedAt(f.lastObservedAt().toString())
        .severity(s -> s.label(severity))
        .findingProviderFields(p -> p.severity(s -> s.label(severity)).types(HubFinding.TYPE))
        .title(f.title())
        .description(f.description())
        .remediation(r -> r.recommendation(c -> c.text(f.recommendation()).url(f.url())))
        .resources(
            Resource.builder()
                .type(f.resourceType())
                .id(f.resourceId())
                .partition(Partition.fromValue(f.partition()))
                .region(f.region())
                .build())
        .compliance(c -> c.status(ComplianceStatus.fromValue(f.compliance())))
        .recordState(RecordState.fromValue(f.recordState()))
        .productFields(f.productFields())
        .build();
  }

  /** What the guardrail imported, read back; fields it never sets are not kept. */
  static HubFinding fromSdk(AwsSecurityFinding f) {
    Resource resource =
        f.hasResources() && !f.resources().isEmpty() ? f.resources().getFirst() : null;
    return new HubFinding(
        f.id(),
        f.productArn(),
        f.generatorId() == null ? "" : f.generatorId(),
        f.awsAccountId(),
        instant(f.createdAt()),
        instant(f.updatedAt()),
        instant(f.firstObservedAt() == null ? f.createdAt() : f.firstObservedAt()),
        instant(f.lastObservedAt() == null ? f.updatedAt() : f.lastObservedAt()),
        f.severity() == null ? "INFORMATIONAL" : f.severity().labelAsString(),
        f.title(),
        f.description(),
        f.remediation() == null || f.remediation().recommendation() == null
            ? ""
            : f.remediation().recommendation().text(),
        f.remediation() == null || f.remediation().recommendation() == null
            ? null
            : f.remediation().recommendation().url(),
        resource == null ? "Other" : resource.type(),
        resource == null ? "" : resource.id(),
        resource == null ? null : resource.partitionAsString(),
        resource == null ? null : resource.region(),
        f.compliance() == null ? HubFinding.FAILED : f.compliance().statusAsString(),
        f.recordStateAsString(),
        f.hasProductFields() ? f.productFields() : Map.of());
  }

  private static Instant instant(String iso) {
    return iso == null ? Instant.EPOCH : Instant.parse(iso);
  }
}
