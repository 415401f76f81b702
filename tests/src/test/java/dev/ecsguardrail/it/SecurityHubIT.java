package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.SecurityHubGateway;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.DigestGuard;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.securityhub.HubAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The findings' lifecycle in Security Hub, on moto's Security Hub: the service-change flow, the
 * DeleteCluster check and the weekly sweep import, update and archive, and reading the findings
 * back shows one per rule and resource. Each test keeps its findings in a Region of its own (moto
 * keeps one Security Hub per Region), so the sweeps of one never see another's findings; ECS, Cloud
 * Map and SNS stay in the emulator's Region.
 *
 * <p>moto 5.2.5 ignores GetFindings' filters (it answers every finding of the Region): the gateway
 * applies the same conditions to the answer, and these tests read everything back and check it.
 */
class SecurityHubIT {

  private final AwsClients clients =
      AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());

  /**
   * Security Hub in {@code region}: the guardrail's calls go through a counting proxy (they are
   * signed REST calls, which no SDK interceptor sees); the tests read back with the SDK, directly.
   */
  private record Hub(
      String region, SecurityHubClient client, CountingProxy calls, SecurityHubPublisher publisher)
      implements AutoCloseable {

    static Hub in(String region, Fleet fleet, AwsClients clients) {
      CountingProxy calls;
      try {
        calls = new CountingProxy(Emulator.endpoint());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SecurityHubClient client =
          SecurityHubClient.builder()
              .region(Region.of(region))
              .endpointOverride(Emulator.endpoint())
              .httpClient(UrlConnectionHttpClient.create())
              .build();
      return new Hub(
          region,
          client,
          calls,
          new SecurityHubPublisher(
              new SecurityHubGateway(
                  AwsClients.create(region, calls.endpoint(), List.of()).securityHub()),
              new HubAccount(fleet.account, region),
              new SnsTopicGateway(clients.sns(), fleet.topicArn),
              Clock.systemUTC()));
    }

    @Override
    public void close() {
      calls.close();
      client.close();
    }

    /** Every finding the Region holds, by id. */
    Map<String, AwsSecurityFinding> findings() {
      Map<String, AwsSecurityFinding> byId = new TreeMap<>();
      client
          .getFindingsPaginator(r -> r.maxResults(100))
          .findings()
          .forEach(f -> byId.put(f.id(), f));
      return byId;
    }

    Map<String, AwsSecurityFinding> active() {
      return findings().entrySet().stream()
          .filter(e -> "ACTIVE".equals(e.getValue().recordStateAsString()))
          .collect(
              Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    Map<String, Long> callsByOperation() {
      return calls.calls();
    }
  }

  private static final Path ALARM = Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json");
  private static final Path OK = Project.EVENTS.resolve("alarm/sidecar-memory-ok.json");

  /** The first sample with findings of two rules or more. */
  private static final Path SAMPLE =
      Project.events().stream()
          .filter(p -> Expected.ruleIds(p).stream().distinct().count() >= 2)
          .findFirst()
          .orElseThrow();

  private static Set<String> rulesAndResources(Decision decision, HubAccount hub) {
    Set<String> keys = new TreeSet<>();
    for (Verdict v : decision.alerted()) {
      if (!v.finding().rejectedByEcs()) {
        keys.add(v.finding().ruleId() + " " + hub.resourceArn(v.finding().resource()));
      }
    }
    return keys;
  }

  private static Set<String> rulesAndResources(Map<String, AwsSecurityFinding> findings) {
    return findings.values().stream()
        .map(
            f ->
                f.generatorId().substring("ecs-guardrail/".length())
                    + " "
                    + f.resources().getFirst().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void
      serviceChange_upsertsOnePerRuleAndResource_updatesOnReEvaluation_archivesWhatIsSwitchedOff() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        Hub hub = Hub.in("us-west-1", fleet, clients)) {
      HubAccount account = new HubAccount(fleet.account, hub.region());
      byte[] event = fleet.localize(SAMPLE);

      Decision first =
          fleet
              .guard(clients, clients.sns(), false, hub.publisher())
              .handle(Fleet.withEventId(event, "sh-1"))
              .decision();
      Map<String, AwsSecurityFinding> imported = hub.active();
      Set<String> expected = rulesAndResources(first, account);
      assertFalse(expected.isEmpty(), SAMPLE + " alerts");
      assertEquals(expected, rulesAndResources(imported), "one finding per rule and resource");
      AwsSecurityFinding one = imported.values().iterator().next();
      assertEquals("FAILED", one.compliance().statusAsString());
      assertEquals(account.productArn(), one.productArn());
      assertEquals("AwsEcsService", one.resources().getFirst().type());
      assertEquals("sh-1", one.productFields().get("ecs-guardrail/eventId"));

      // The same event again (a replay): a duplicate, nothing imported. The same call under a new
      // event id: the same findings, updated.
      hub.calls().reset();
      fleet
          .guard(clients, clients.sns(), false, hub.publisher())
          .handle(Fleet.withEventId(event, "sh-1"));
      assertEquals(Map.of(), hub.callsByOperation(), "a duplicate delivery calls nothing");
      fleet
          .guard(clients, clients.sns(), false, hub.publisher())
          .handle(Fleet.withEventId(event, "sh-2"));
      Map<String, Long> perEvaluation = hub.callsByOperation();
      Map<String, AwsSecurityFinding> again = hub.findings();
      assertEquals(imported.keySet(), again.keySet(), "updated, not duplicated");
      AwsSecurityFinding updated = again.get(one.id());
      assertEquals(one.firstObservedAt(), updated.firstObservedAt());
      assertEquals(one.createdAt(), updated.createdAt());
      assertTrue(Instant.parse(updated.updatedAt()).isAfter(Instant.parse(one.updatedAt())));
      assertEquals("sh-2", updated.productFields().get("ecs-guardrail/eventId"));
      assertEquals(
          Map.of("securityhub:BatchImportFindings", 1L, "securityhub:GetFindings", 1L),
          perEvaluation,
          "one read and one import per evaluation");

      // One rule switched off: its finding is archived as passed at the next evaluation.
      String off = first.alerted().getFirst().finding().ruleId();
      fleet.putPolicy("{\"rules\":{\"" + off + "\":\"off\"}}");
      fleet
          .guard(clients, clients.sns(), false, hub.publisher())
          .handle(Fleet.withEventId(event, "sh-3"));
      Map<String, AwsSecurityFinding> after = hub.findings();
      assertEquals(imported.keySet(), after.keySet());
      for (AwsSecurityFinding f : after.values()) {
        boolean switchedOff = f.generatorId().equals("ecs-guardrail/" + off);
        assertEquals(switchedOff ? "ARCHIVED" : "ACTIVE", f.recordStateAsString(), f.id());
        assertEquals(switchedOff ? "PASSED" : "FAILED", f.compliance().statusAsString(), f.id());
      }
    }
  }

  @Test
  void deleteCluster_importsNs001OnTheNamespaceLeftBehind() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        Hub hub = Hub.in("eu-west-1", fleet, clients)) {
      Legacy legacy = new CloudMapSeed(clients).legacy();
      byte[] raw =
          CloudMapSeed.deletionEvent(fleet, legacy, "sh-deletion").getBytes(StandardCharsets.UTF_8);

      ClusterDeletionGuard.Result result =
          fleet
              .deletionGuard(clients, hub.publisher())
              .handle(StrictJson.parse(raw, "event"), raw, soon());

      assertTrue(result.alerted(), "NS001 alerted");
      Map<String, AwsSecurityFinding> active = hub.active();
      assertEquals(
          Set.of("NS001 " + result.decision().alerted().getFirst().finding().resource()),
          rulesAndResources(active));
      assertEquals("Other", active.values().iterator().next().resources().getFirst().type());
    }
  }

  @Test
  void alarm_firingImportsSm001_recoveringArchivesIt() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        Hub hub = Hub.in("ap-northeast-1", fleet, clients)) {
      SidecarAlarmGuard guard = fleet.alarmGuard(clients, hub.publisher());
      String service =
          new HubAccount(fleet.account, hub.region()).resourceArn(Fleet.PREFIX + "prod/orders");

      assertEquals("fired", guard.handle(fleet.alarmEvent(ALARM)));
      assertEquals(Set.of("SM001 " + service), rulesAndResources(hub.active()));

      assertEquals("recovered", guard.handle(fleet.alarmEvent(OK)));
      assertEquals(Map.of(), hub.active(), "recovered: nothing active");
      AwsSecurityFinding archived = hub.findings().values().iterator().next();
      assertEquals("ARCHIVED", archived.recordStateAsString());
      assertEquals("PASSED", archived.compliance().statusAsString());
    }
  }

  @Test
  void sweep_anIncompleteOneArchivesNothing_aCompleteOneArchivesTheFindingsOfServicesThatAreGone() {
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        Hub hub = Hub.in("eu-central-1", fleet, clients)) {
      // Findings on the sample's service, which the emulator's ECS does not have: as if the
      // service had been deleted since.
      fleet
          .guard(clients, clients.sns(), false, hub.publisher())
          .handle(Fleet.withEventId(fleet.localize(SAMPLE), "sh-gone"));
      Map<String, AwsSecurityFinding> before = hub.active();
      assertFalse(before.isEmpty());

      // Out of time at once: the sweep is incomplete and must not resolve anything.
      DigestGuard.Result incomplete =
          sweep(fleet, hub, "2026-11-30T09:00:00Z", Instant.now().minusSeconds(1));
      assertFalse(incomplete.sweep().complete());
      assertEquals(before.keySet(), hub.active().keySet(), "an incomplete sweep archives nothing");

      hub.calls().reset();
      DigestGuard.Result complete = sweep(fleet, hub, "2026-12-07T09:00:00Z", soon());
      assertTrue(complete.sweep().complete(), complete.sweep().skipped().toString());
      Map<String, Long> perSweep = hub.callsByOperation();
      Map<String, AwsSecurityFinding> after = hub.findings();
      for (String id : before.keySet()) {
        assertEquals("ARCHIVED", after.get(id).recordStateAsString(), id);
        assertEquals("PASSED", after.get(id).compliance().statusAsString(), id);
      }
      Set<String> standing = new TreeSet<>();
      complete
          .sweep()
          .findings()
          .forEach(
              v ->
                  standing.add(
                      v.finding().ruleId()
                          + " "
                          + new HubAccount(fleet.account, hub.region())
                              .resourceArn(v.finding().resource())));
      assertEquals(standing, rulesAndResources(hub.active()), "the standing findings, active");
      System.out.printf(
          "MEASURE security_hub_sweep standing=%d archived=%d calls=%s%n",
          standing.size(), before.size(), perSweep);
    }
  }

  /** The weekly digest's sweep in the week of {@code at}, to finish by {@code deadline}. */
  private DigestGuard.Result sweep(Fleet fleet, Hub hub, String at, Instant deadline) {
    return fleet
        .digestGuard(clients, Clock.fixed(Instant.parse(at), ZoneOffset.UTC), hub.publisher())
        .run(fleet.account, Emulator.REGION, deadline);
  }

  private static Instant soon() {
    return Instant.now().plusSeconds(60);
  }
}
