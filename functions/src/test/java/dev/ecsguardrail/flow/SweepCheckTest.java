package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ServiceConfigReader;
import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.TaskDefinitionView;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.EcsCluster;
import dev.ecsguardrail.orphan.EcsService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepCheckTest {

  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
  private static final String ACCOUNT = "123456789012";
  private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
  private static final String PAYMENTS = "arn:aws:ecs:us-east-1:123456789012:service/prod/payments";
  private static final String TD =
      "arn:aws:ecs:us-east-1:123456789012:task-definition/payments-tcp:1";

  private final SweepCheck check =
      new SweepCheck(
          new OrphanFinder(PriceTable.bundled().cloudMap("us-east-1")), RuleCatalog.SERVICE_RULES);

  @Test
  void aServiceConnectServiceAsItStands_getsTheFindingsOfTheCallThatCreatedIt() {
    SweepResult result =
        check.judge(
            inventory(Map.of(), withTaskDefinition(), payments(Map.of())), Policy.DEFAULTS, NOW);

    Evaluation event =
        new ServiceChangeCheck(RuleCatalog.SERVICE_RULES)
            .evaluate(
                dev.ecsguardrail.event.EventParser.parse(
                    read("events/create-service-sc-no-app-protocol.json")),
                new InventoryContext(
                    inventory(Map.of(), withTaskDefinition(), payments(Map.of()))));
    assertEquals(
        event.findings().stream().map(f -> f.ruleId() + " " + f.resource()).toList(),
        result.findings().stream()
            .map(v -> v.finding().ruleId() + " " + v.finding().resource())
            .toList());
    assertTrue(ids(result).contains("SC002"), ids(result).toString());
    assertEquals(1, result.checkedServices());
    assertTrue(result.complete(), result.skipped().toString());
  }

  @Test
  void aServiceOrClusterExemption_andARuleTurnedOff_keepFindingsOutOfTheDigest() {
    Map<String, String> exempt = Map.of("ecs-guardrail:exempt", "SC002");

    assertFalse(
        ids(check.judge(
                inventory(Map.of(), withTaskDefinition(), payments(exempt)), Policy.DEFAULTS, NOW))
            .contains("SC002"));
    assertFalse(
        ids(check.judge(
                inventory(exempt, withTaskDefinition(), payments(Map.of())), Policy.DEFAULTS, NOW))
            .contains("SC002"));
    assertFalse(
        ids(check.judge(
                inventory(Map.of(), withTaskDefinition(), payments(Map.of())),
                Policy.parse("{\"rules\":{\"SC002\":\"off\"}}"),
                NOW))
            .contains("SC002"));
  }

  @Test
  void anExemptionThatLapsed_exemptsNothing() {
    Map<String, String> lapsed =
        Map.of("ecs-guardrail:exempt", "SC002", "ecs-guardrail:exempt-until", "2026-12-01");

    SweepResult result =
        check.judge(
            inventory(Map.of(), withTaskDefinition(), payments(lapsed)), Policy.DEFAULTS, NOW);

    assertTrue(ids(result).contains("SC002"), ids(result).toString());
    assertEquals(1, result.exemptions().size(), "and the digest lists it as lapsed");
  }

  @Test
  void theSweepNeverEnforces_evenWhenThePolicySays() {
    SweepResult result =
        check.judge(
            inventory(Map.of(), withTaskDefinition(), payments(Map.of())),
            Policy.parse("{\"default\":\"enforce\"}"),
            NOW);

    assertFalse(result.findings().isEmpty());
    assertTrue(
        result.findings().stream().map(Verdict::outcome).allMatch(o -> o == Outcome.REPORTED),
        result.findings().toString());
  }

  @Test
  void aTaskDefinitionTheSweepCouldNotRead_leavesTheServiceUnchecked_andTheSweepIncomplete() {
    SweepResult result =
        check.judge(inventory(Map.of(), Map.of(), payments(Map.of())), Policy.DEFAULTS, NOW);

    assertFalse(result.complete());
    assertTrue(result.findings().isEmpty(), "no finding claimed from what was not read");
    assertEquals(0, result.checkedServices());
    assertEquals(
        List.of(
            "rules not run on prod/payments: context unavailable: task definition "
                + TD
                + " was not read"),
        result.skipped());
  }

  @Test
  void aServiceWhoseConfigurationWasUnreadable_isNamed_notPassedOver() {
    EcsService unreadable = new EcsService(PAYMENTS, CLUSTER, List.of(), List.of(), Map.of(), null);

    SweepResult result =
        check.judge(inventory(Map.of(), Map.of(), unreadable), Policy.DEFAULTS, NOW);

    assertFalse(result.complete());
    assertEquals(
        List.of("rules not run on " + PAYMENTS + ": its configuration was unreadable"),
        result.skipped());
  }

  @Test
  void aServiceWithoutServiceConnect_isCheckedToo() {
    JsonNode service = response("events/create-service-cloud-map-scaled.json");
    ServiceConfig config = ServiceConfigReader.fromResponse(service, "$");
    EcsService registered =
        new EcsService(config.serviceArn(), CLUSTER, List.of(), List.of(), Map.of(), config);

    TaskDefinitionView td =
        TaskDefinitionReader.read(
            StrictJson.parse(read("events/taskdefs/catalog-http.json"), "catalog-http"),
            "catalog-http");
    SweepResult result =
        check.judge(
            inventory(Map.of(), Map.of(config.taskDefinition(), td), registered),
            Policy.DEFAULTS,
            NOW);

    assertFalse(config.serviceConnectEnabled());
    assertEquals(List.of("SC010"), ids(result), result.skipped().toString());
    assertTrue(result.complete(), result.skipped().toString());
  }

  // ---- NS001: what was left behind, judged by the same policy -------------------------------

  private static final String LEGACY_NS =
      "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-legacy";

  /** A namespace no cluster and no service uses: left behind. */
  private static Inventory withLeftBehindNamespace() {
    return new Inventory(
        ACCOUNT,
        "us-east-1",
        List.of(
            new CloudMapNamespace("ns-legacy", LEGACY_NS, "legacy", "HTTP", ACCOUNT, null, null)),
        Map.of("ns-legacy", List.of()),
        List.of(),
        List.of(),
        true,
        List.of());
  }

  @Test
  void aNamespaceLeftBehind_isAnNs001Finding_outsideTheStandingFindings() {
    SweepResult result = check.judge(withLeftBehindNamespace(), Policy.DEFAULTS, NOW);

    assertEquals(List.of("NS001"), ids(result));
    assertEquals(LEGACY_NS, result.findings().getFirst().finding().resource());
    assertEquals(1, result.orphans().size());
    assertEquals(List.of(), result.standingFindings());
  }

  @Test
  void ns001Off_leavesTheNamespaceOutOfTheDigestAndTheScan() {
    SweepResult result =
        check.judge(
            withLeftBehindNamespace(), Policy.parse("{\"rules\":{\"NS001\":\"off\"}}"), NOW);

    assertEquals(List.of(), ids(result));
    assertEquals(List.of(), result.orphans());
  }

  @Test
  void aNamespaceTaggedExempt_isLeftOut_andUnreadableTagsExemptNothing() {
    Map<String, String> exempt = Map.of("ecs-guardrail:exempt", "NS001");

    SweepResult tagged =
        check.judge(
            withLeftBehindNamespace(),
            Policy.DEFAULTS,
            NOW,
            arn -> arn.equals(LEGACY_NS) ? Optional.of(exempt) : Optional.empty());
    SweepResult unreadable =
        check.judge(withLeftBehindNamespace(), Policy.DEFAULTS, NOW, arn -> Optional.empty());

    assertEquals(List.of(), tagged.orphans());
    assertEquals(List.of(), ids(tagged));
    assertEquals(List.of("NS001"), ids(unreadable));
  }

  private static List<String> ids(SweepResult result) {
    return result.findings().stream().map(v -> v.finding().ruleId()).toList();
  }

  private static EcsService payments(Map<String, String> tags) {
    ServiceConfig config =
        ServiceConfigReader.fromResponse(
            response("events/create-service-sc-no-app-protocol.json"), "$");
    return new EcsService(PAYMENTS, CLUSTER, List.of(), List.of(), tags, config);
  }

  private static Map<String, TaskDefinitionView> withTaskDefinition() {
    TaskDefinitionView td =
        TaskDefinitionReader.read(
            StrictJson.parse(read("events/taskdefs/payments-tcp.json"), "payments-tcp"),
            "payments-tcp");
    return Map.of(TD, td);
  }

  private static Inventory inventory(
      Map<String, String> clusterTags,
      Map<String, TaskDefinitionView> taskDefinitions,
      EcsService... services) {
    return new Inventory(
        ACCOUNT,
        "us-east-1",
        List.of(),
        Map.of(),
        List.of(new EcsCluster(CLUSTER, "prod", "ACTIVE", null, clusterTags, "enhanced")),
        List.of(services),
        true,
        List.of(),
        taskDefinitions,
        null);
  }

  private static JsonNode response(String file) {
    return StrictJson.parse(read(file), file).at("/detail/responseElements/service");
  }

  private static byte[] read(String file) {
    try {
      return Files.readAllBytes(Path.of("..").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
