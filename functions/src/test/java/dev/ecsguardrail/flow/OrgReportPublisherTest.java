package dev.ecsguardrail.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrgReportPublisherTest {

  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final LocalDate MONDAY = LocalDate.parse("2026-12-07");

  /** The week is ISO's: a week belongs to the year that holds its Thursday. */
  @ParameterizedTest
  @CsvSource({
    // day,      key's week
    "2026-12-07, 2026-W50",
    "2026-12-28, 2026-W53", // 2026 starts on a Thursday: it has 53 weeks
    "2026-12-31, 2026-W53",
    "2027-01-01, 2026-W53", // the new calendar year, still the old year's last week
    "2027-01-03, 2026-W53",
    "2027-01-04, 2027-W01",
    "2025-12-29, 2026-W01", // the old calendar year, already the new year's first week
  })
  void key_namesTheIsoWeekAccountAndRegion(LocalDate day, String week) {
    assertEquals(
        "weekly/" + week + "/" + ACCOUNT + "/" + REGION + ".json.gz",
        OrgReportPublisher.key(ACCOUNT, REGION, day));
  }

  @Test
  void body_isTheDigestsJson_gzipped_everyOrphanListed() throws IOException {
    SweepResult sweep = sweepWithOrphans(60);

    byte[] body = OrgReportPublisher.body(sweep);

    assertEquals(0x1f, body[0] & 0xff, "gzip magic");
    assertEquals(0x8b, body[1] & 0xff, "gzip magic");
    String text = new String(gunzip(body), StandardCharsets.UTF_8);
    assertTrue(text.equals(ScanJson.toJson(sweep).toString()), "not the digest's JSON");
    JsonNode json = StrictJson.MAPPER.readTree(text);
    assertEquals(60, json.path("orphans").size(), "uncut, unlike an SNS message");
    assertEquals(ACCOUNT, json.path("account").asText());
    assertEquals(REGION, json.path("region").asText());
    assertTrue(json.path("complete").asBoolean());
  }

  @Test
  void write_putsTheBodyUnderTheWeeksKey_andReportsNothing() {
    Store store = new Store();
    List<Notification> alerts = new ArrayList<>();
    SweepResult sweep = sweepWithOrphans(1);

    Optional<String> written = new OrgReportPublisher(store, alerts::add).write(sweep, MONDAY);

    String key = "weekly/2026-W50/" + ACCOUNT + "/" + REGION + ".json.gz";
    assertEquals(Optional.of("memory://" + key), written);
    assertEquals(List.of(key), List.copyOf(store.objects.keySet()));
    assertArrayEquals(OrgReportPublisher.body(sweep), store.objects.get(key));
    assertEquals(List.of(), alerts);
  }

  @Test
  void write_sameWeekAgain_replacesTheObject() {
    Store store = new Store();
    OrgReportPublisher publisher = new OrgReportPublisher(store, n -> {});

    publisher.write(sweepWithOrphans(1), MONDAY);
    publisher.write(sweepWithOrphans(2), MONDAY.plusDays(4));

    assertEquals(1, store.objects.size(), store.objects.keySet().toString());
    assertArrayEquals(
        OrgReportPublisher.body(sweepWithOrphans(2)), store.objects.values().iterator().next());
  }

  @Test
  void write_refused_isAnOperationalAlert_notAnException() {
    List<Notification> alerts = new ArrayList<>();
    OrgReportStore denied =
        (key, body) -> {
          throw new OrgReportStore.WriteFailedException(
              "s3://org-reports/" + key, new IllegalStateException("Access Denied"));
        };

    Optional<String> written =
        new OrgReportPublisher(denied, alerts::add).write(sweepWithOrphans(1), MONDAY);

    assertEquals(Optional.empty(), written);
    assertEquals(1, alerts.size());
    Notification alert = alerts.getFirst();
    assertEquals("operational", alert.attributes().get("kind"));
    JsonNode json = StrictJson.parse(alert.json().getBytes(StandardCharsets.UTF_8), "JSON");
    assertEquals("Organization report not written", json.path("title").asText());
    String detail = json.path("detail").asText();
    assertTrue(
        detail.contains("s3://org-reports/weekly/2026-W50/" + ACCOUNT + "/" + REGION + ".json.gz"),
        detail);
    assertTrue(detail.contains("Access Denied"), detail);
    assertTrue(
        json.path("remediation").asText().contains("digest is not affected"), json.toString());
  }

  @Test
  void write_refused_andTheTopicDownToo_stillDoesNotThrow() {
    OrgReportStore failing =
        (key, body) -> {
          throw new IllegalStateException("no connection");
        };
    Topic down =
        n -> {
          throw new IllegalStateException("SNS down");
        };

    assertEquals(
        Optional.empty(), new OrgReportPublisher(failing, down).write(sweepWithOrphans(1), MONDAY));
  }

  @Test
  void off_writesNothing() {
    assertEquals(Optional.empty(), OrgReportPublisher.OFF.write(sweepWithOrphans(1), MONDAY));
  }

  /** Objects by key, as a bucket without versioning keeps them. */
  private static final class Store implements OrgReportStore {
    final Map<String, byte[]> objects = new LinkedHashMap<>();

    @Override
    public String put(String key, byte[] gzippedJson) {
      objects.put(key, gzippedJson);
      return "memory://" + key;
    }
  }

  /** A complete sweep with {@code count} HTTP namespaces left behind by a deleted cluster. */
  private static SweepResult sweepWithOrphans(int count) {
    List<CloudMapNamespace> namespaces = new ArrayList<>();
    Map<String, List<CloudMapService>> services = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String id = "ns-shop" + i;
      namespaces.add(
          new CloudMapNamespace(
              id,
              "arn:aws:servicediscovery:" + REGION + ":" + ACCOUNT + ":namespace/" + id,
              "shop" + i,
              "HTTP",
              ACCOUNT,
              null,
              null));
      String service = "srv-cart" + i;
      services.put(
          id,
          List.of(
              new CloudMapService(
                      service,
                      "arn:aws:servicediscovery:" + REGION + ":" + ACCOUNT + ":service/" + service,
                      "cart" + i,
                      id,
                      null,
                      List.of())
                  .withInstances(List.of(new CloudMapInstance("i-" + i, "old")))));
    }
    Inventory inventory =
        new Inventory(ACCOUNT, REGION, namespaces, services, List.of(), List.of(), true, List.of());
    return new SweepCheck(
            new OrphanFinder(PriceTable.bundled().cloudMap(REGION)), RuleCatalog.SERVICE_RULES)
        .judge(inventory, Policy.DEFAULTS, Instant.parse("2026-12-07T08:00:00Z"));
  }

  private static byte[] gunzip(byte[] body) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
