package dev.ecsguardrail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings as GetFindings answers them, read back into what the lifecycle compares. */
class AsffFindingsTest {

  private static final HubAccount HUB = new HubAccount("123456789012", "eu-west-1");

  @Test
  void whatIsImported_readsBackAsTheSameFinding_aMissingUrlLeftOut() {
    String arn = HUB.resourceArn("prod/payments");
    HubFinding f =
        new HubFinding(
            HUB.findingId("SC002", arn),
            HUB.productArn(),
            "ecs-guardrail/SC002",
            HUB.account(),
            Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-03T10:00:00.001Z"),
            Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-03T10:00:00Z"),
            "HIGH",
            "SC002 title",
            "a port without appProtocol",
            "set appProtocol",
            null,
            "AwsEcsService",
            arn,
            "aws",
            "eu-west-1",
            HubFinding.PASSED,
            HubFinding.ARCHIVED,
            Map.of("ecs-guardrail/eventId", "e-1"));

    var json = AsffFindings.toJson(f);

    assertFalse(json.at("/Remediation/Recommendation").has("Url"));
    assertEquals(f, AsffFindings.fromJson(json));
  }

  @Test
  void aSparseFinding_takesTheDefaultsAnImportWouldHaveGiven() {
    String answer =
        """
        {"Id":"x","ProductArn":"p","AwsAccountId":"123456789012",
         "CreatedAt":"2026-12-03T10:00:00.000Z","UpdatedAt":"2026-12-03T11:00:00Z",
         "RecordState":"ACTIVE","GeneratorId":null}""";

    HubFinding f =
        AsffFindings.fromJson(
            StrictJson.parse(answer.getBytes(StandardCharsets.UTF_8), "the answer"));

    assertEquals("", f.generatorId());
    assertEquals(Instant.parse("2026-12-03T10:00:00Z"), f.firstObservedAt());
    assertEquals(Instant.parse("2026-12-03T11:00:00Z"), f.lastObservedAt());
    assertEquals("INFORMATIONAL", f.severity());
    assertEquals("", f.recommendation());
    assertNull(f.url());
    assertEquals("Other", f.resourceType());
    assertEquals("", f.resourceId());
    assertNull(f.partition());
    assertEquals(HubFinding.FAILED, f.compliance());
    assertEquals(Map.of(), f.productFields());
  }
}
