package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.model.Orphan;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanedNamespaceRuleTest {

  private static final String NS = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

  private static Orphan orphan(String kind) {
    return new Orphan(
        kind,
        NS,
        "legacy",
        "HTTP",
        2,
        3,
        new BigDecimal("0.30"),
        "no ACTIVE cluster has it as its Service Connect default",
        List.of("aws servicediscovery delete-namespace --id ns-1"));
  }

  @Test
  void namespaceLeftBehind_isNs001_withItsCostCleanupAndTheClusterThatLeftIt() {
    Finding f = OrphanedNamespaceRule.evaluate(orphan(Orphan.NAMESPACE), "legacy");

    assertEquals("NS001", f.ruleId());
    assertEquals(NS, f.resource());
    assertEquals(new BigDecimal("0.30"), f.monthlyCostUsd());
    assertTrue(f.message().contains("after cluster legacy was deleted"), f.message());
    assertTrue(f.message().contains("2 services, 3 instances"), f.message());
    assertTrue(f.remediation().contains("cleanup --namespace " + NS), f.remediation());
    assertEquals("legacy", f.details().get("deletedCluster"));
    assertEquals(
        List.of("aws servicediscovery delete-namespace --id ns-1"), f.details().get("cleanup"));
  }

  @Test
  void cloudMapServiceLeftBehind_isNs001_pointingAtItsCleanupCommands() {
    Finding f = OrphanedNamespaceRule.evaluate(orphan(Orphan.CLOUD_MAP_SERVICE), null);

    assertTrue(f.message().startsWith("Cloud Map service legacy"), f.message());
    assertTrue(f.remediation().contains("details.cleanup"), f.remediation());
    assertEquals(null, f.details().get("deletedCluster"));
  }

  @Test
  void anAlarmLeftBehind_isNotACloudMapFinding() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OrphanedNamespaceRule.evaluate(orphan(Orphan.ALARM), null));
  }
}
