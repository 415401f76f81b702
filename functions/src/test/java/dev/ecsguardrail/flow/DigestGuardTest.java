package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.NotificationFailedException;
import dev.ecsguardrail.orphan.DigestTotals;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.rules.RuleCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The digest and the organization's copy: one never blocks the other. */
class DigestGuardTest {

  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final Clock FRIDAY =
      Clock.fixed(Instant.parse("2027-01-01T08:00:00Z"), ZoneOffset.UTC);
  private static final String REPORT_KEY = "weekly/2026-W53/" + ACCOUNT + "/" + REGION + ".json.gz";

  private final List<String> events = new ArrayList<>();
  private final MemoryLedger ledger = new MemoryLedger();

  @Test
  void digestSent_thenTheOrgReportWritten_underTheDigestsWeek() {
    DigestGuard.Result result =
        guard(n -> events.add("published " + kind(n)), store()).run(ACCOUNT, REGION, later());

    assertEquals("digest/" + ACCOUNT + "/" + REGION + "/2026-W53", result.key());
    assertTrue(result.sent());
    assertEquals(List.of("published digest", "put " + REPORT_KEY), events);
    assertEquals(Set.of(result.key()), ledger.done);
  }

  @Test
  void digestNotPublished_theOrgReportIsStillWritten_andTheRunFailsForARetry() {
    Topic down =
        n -> {
          throw new NotificationFailedException("alerts", new IllegalStateException("throttled"));
        };

    assertThrows(
        NotificationFailedException.class,
        () -> guard(down, store()).run(ACCOUNT, REGION, later()));

    assertEquals(List.of("put " + REPORT_KEY), events);
    assertEquals(Set.of(), ledger.done, "released: the retry sends the digest");
    assertEquals(Set.of(), ledger.held);
  }

  @Test
  void orgReportRefused_theDigestStillCounts_andAnOperationalAlertFollows() {
    OrgReportStore missing =
        (key, body) -> {
          throw new OrgReportStore.WriteFailedException(
              "s3://org-reports/" + key, new IllegalStateException("NoSuchBucket"));
        };

    DigestGuard.Result result =
        guard(n -> events.add("published " + kind(n)), missing).run(ACCOUNT, REGION, later());

    assertTrue(result.sent());
    assertEquals(List.of("published digest", "published operational"), events);
    assertEquals(Set.of(result.key()), ledger.done, "the week's digest is done");
  }

  private DigestGuard guard(Topic topic, OrgReportStore store) {
    return new DigestGuard(
        new EmptyAccount(),
        new SweepCheck(
            new OrphanFinder(PriceTable.bundled().cloudMap(REGION)), RuleCatalog.SERVICE_RULES),
        new PolicyCache(Optional::empty, FRIDAY),
        topic,
        ledger,
        new DigestHistory() {
          @Override
          public Optional<DigestTotals> previous() {
            return Optional.empty();
          }

          @Override
          public void save(DigestTotals totals) {}
        },
        true,
        SecurityHubPublisher.OFF,
        new OrgReportPublisher(store, topic),
        FRIDAY);
  }

  private OrgReportStore store() {
    return (key, body) -> {
      events.add("put " + key);
      return "memory://" + key;
    };
  }

  private static String kind(Notification n) {
    return n.attributes().get("kind");
  }

  private static Instant later() {
    return FRIDAY.instant().plusSeconds(60);
  }

  /** An account with nothing in it: a complete sweep, all clear. */
  private static final class EmptyAccount implements InventorySource {
    @Override
    public Inventory sweep(String account, String region, Instant deadline) {
      return new Inventory(
          account, region, List.of(), Map.of(), List.of(), List.of(), true, List.of());
    }

    @Override
    public Inventory services(String account, String region, Instant deadline) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Inventory> sweepNamespace(
        String account, String region, String namespaceArn, Instant deadline) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> namespaceArn(String reference, String clusterName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Map<String, String>> tags(String namespaceArn) {
      return Optional.empty();
    }
  }
}
