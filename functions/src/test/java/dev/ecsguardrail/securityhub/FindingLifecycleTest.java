package dev.ecsguardrail.securityhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingLifecycleTest {

  private static final HubAccount HUB = new HubAccount("123456789012", "us-east-1");
  private static final Instant FIRST = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private static HubFinding finding(String ruleId, String resource, Instant at) {
    String arn = HUB.resourceArn(resource);
    return new HubFinding(
        HUB.findingId(ruleId, arn),
        HUB.productArn(),
        HubAccount.GENERATOR_PREFIX + ruleId,
        HUB.account(),
        at,
        at,
        at,
        at,
        "HIGH",
        ruleId + " title",
        "message",
        "fix it",
        "https://docs.aws.amazon.com/",
        HubAccount.resourceType(arn),
        arn,
        HUB.partition(),
        HUB.region(),
        HubFinding.FAILED,
        HubFinding.ACTIVE,
        Map.of("ecs-guardrail/eventId", "e1"));
  }

  @Test
  void seenAgain_keepsWhenItWasFirstImportedAndObserved() {
    HubFinding earlier = finding("SC001", "prod/orders", FIRST);
    HubFinding now = finding("SC001", "prod/orders", NOW);

    List<HubFinding> imports =
        FindingLifecycle.imports(List.of(now), List.of(earlier), f -> true, NOW);

    assertEquals(1, imports.size());
    HubFinding f = imports.getFirst();
    assertEquals(FIRST, f.createdAt());
    assertEquals(FIRST, f.firstObservedAt());
    assertEquals(NOW, f.updatedAt());
    assertEquals(NOW, f.lastObservedAt());
    assertEquals(HubFinding.ACTIVE, f.recordState());
  }

  @Test
  void settledAndNoLongerSeen_isArchivedAsPassed_unsettledIsLeftAlone() {
    HubFinding fixed = finding("SC001", "prod/orders", FIRST);
    HubFinding otherRule = finding("SM001", "prod/orders", FIRST);

    List<HubFinding> imports =
        FindingLifecycle.imports(
            List.of(), List.of(fixed, otherRule), f -> f.ruleId().equals("SC001"), NOW);

    assertEquals(1, imports.size());
    HubFinding archived = imports.getFirst();
    assertEquals(fixed.id(), archived.id());
    assertEquals(HubFinding.PASSED, archived.compliance());
    assertEquals(HubFinding.ARCHIVED, archived.recordState());
    assertEquals(NOW, archived.updatedAt());
    assertEquals(FIRST, archived.lastObservedAt());
  }

  /** Security Hub ignores an update whose UpdatedAt is not after the stored one. */
  @Test
  void anUpdate_isAlwaysLaterThanTheStoredOne_evenWhenTheClockIsBehind() {
    HubFinding earlier = finding("SC001", "prod/orders", NOW);
    HubFinding again = finding("SC001", "prod/orders", FIRST);

    HubFinding updated =
        FindingLifecycle.imports(List.of(again), List.of(earlier), f -> true, FIRST).getFirst();
    HubFinding archived =
        FindingLifecycle.imports(List.of(), List.of(earlier), f -> true, FIRST).getFirst();

    assertEquals(NOW.plusMillis(1), updated.updatedAt());
    assertEquals(NOW.plusMillis(1), archived.updatedAt());
  }

  @Test
  void newFinding_isImportedAsItIs() {
    HubFinding fresh = finding("SC002", "prod/orders", NOW);

    assertEquals(
        List.of(fresh), FindingLifecycle.imports(List.of(fresh), List.of(), f -> true, NOW));
  }

  @Test
  void ids_arePerRegionRuleAndResource_andBoundedByAsffsLimit() {
    String arn = HUB.resourceArn("prod/orders");
    assertEquals(
        "ecs-guardrail/us-east-1/SC001/arn:aws:ecs:us-east-1:123456789012:service/prod/orders",
        HUB.findingId("SC001", arn));
    String long_ = HUB.resourceArn("prod/" + "x".repeat(600));
    assertTrue(HUB.findingId("SC001", long_).length() <= 512);
    assertEquals(HUB.findingId("SC001", long_), HUB.findingId("SC001", long_));
    assertEquals("AwsEcsService", HubAccount.resourceType(arn));
    assertEquals(
        "Other",
        HubAccount.resourceType("arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1"));
    assertEquals("aws-cn", new HubAccount("1", "cn-north-1").partition());
  }
}
