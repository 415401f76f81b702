package dev.ecsguardrail.securityhub;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finding as Security Hub keeps it (the ASFF fields the guardrail sets): what is imported, and
 * what is read back to carry a finding through its lifecycle.
 *
 * @param generatorId {@code ecs-guardrail/<rule id>}
 * @param createdAt when the guardrail first imported it (kept on every update)
 * @param firstObservedAt when the guardrail first saw the problem (kept on every update)
 * @param lastObservedAt the newest evaluation that saw it
 * @param severity the ASFF severity label: LOW, MEDIUM, HIGH
 * @param compliance {@code FAILED} while the problem stands, {@code PASSED} once it is gone
 * @param recordState {@code ACTIVE}, or {@code ARCHIVED} once it is gone
 * @param productFields the CloudTrail event id, the verdict and the caller
 */
public record HubFinding(
    String id,
    String productArn,
    String generatorId,
    String awsAccountId,
    Instant createdAt,
    Instant updatedAt,
    Instant firstObservedAt,
    Instant lastObservedAt,
    String severity,
    String title,
    String description,
    String recommendation,
    String url,
    String resourceType,
    String resourceId,
    String partition,
    String region,
    String compliance,
    String recordState,
    Map<String, String> productFields) {

  public static final String SCHEMA_VERSION = "2018-10-08";
  public static final String TYPE = "Software and Configuration Checks/AWS Best Practices";
  public static final String ACTIVE = "ACTIVE";
  public static final String ARCHIVED = "ARCHIVED";
  public static final String FAILED = "FAILED";
  public static final String PASSED = "PASSED";

  public HubFinding {
    productFields = Collections.unmodifiableMap(new LinkedHashMap<>(productFields));
  }

  public String ruleId() {
    return generatorId.substring(generatorId.indexOf('/') + 1);
  }

  public boolean active() {
    return ACTIVE.equals(recordState);
  }

  /**
   * Seen again: the times it was first imported and first observed stay those of the earlier; it is
   * updated after the earlier was, or Security Hub ignores the update (an {@code UpdatedAt} that
   * matches or precedes the stored one: BatchImportFindings for finding providers).
   */
  HubFinding seenSince(HubFinding earlier) {
    return with(
        earlier.createdAt,
        after(updatedAt, earlier),
        earlier.firstObservedAt,
        compliance,
        recordState);
  }

  /** Gone: resolved and archived, as Security Hub's own controls do when a resource passes. */
  HubFinding archived(Instant now) {
    return with(createdAt, after(now, this), firstObservedAt, PASSED, ARCHIVED);
  }

  /** This finding with what its lifecycle changes; what it is about stays. */
  private HubFinding with(
      Instant created, Instant updated, Instant firstObserved, String status, String state) {
    return new HubFinding(
        id,
        productArn,
        generatorId,
        awsAccountId,
        created,
        updated,
        firstObserved,
        lastObservedAt,
        severity,
        title,
        description,
        recommendation,
        url,
        resourceType,
        resourceId,
        partition,
        region,
        status,
        state,
        productFields);
  }

  /** {@code at}, or a millisecond after the earlier update when the clocks say otherwise. */
  private static Instant after(Instant at, HubFinding earlier) {
    Instant next = earlier.updatedAt.plusMillis(1);
    return at.isBefore(next) ? next : at;
  }
}
