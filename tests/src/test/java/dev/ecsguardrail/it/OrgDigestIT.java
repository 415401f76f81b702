package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.OrganizationsGateway;
import dev.ecsguardrail.aws.S3WeeklyReports;
import dev.ecsguardrail.aws.SigV4JsonClient;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.OrgDigestRun;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportJson;
import dev.ecsguardrail.org.WeeklyKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The organization digest on the emulator: an organization of several accounts in Organizations,
 * their reports in S3 as member stacks write them, and the one digest read back from the topic.
 */
@ExtendWith(EmptyEmulator.class)
class OrgDigestIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
  private static final String TARGET = "AWSOrganizationsV20161128.";

  private static AwsClients clients() {
    return AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
  }

  /** CreateAccount on the emulator: the new account's id. */
  private static String createAccount(SigV4JsonClient organizations, String name) {
    ObjectNode request =
        StrictJson.MAPPER
            .createObjectNode()
            .put("AccountName", name)
            .put("Email", name + "@example.com");
    JsonNode status =
        organizations.call(TARGET + "CreateAccount", request).get("CreateAccountStatus");
    return status.get("AccountId").asText();
  }

  private static byte[] report(String account, String region, double cost) throws IOException {
    ObjectNode json = StrictJson.MAPPER.createObjectNode();
    json.put("account", account).put("region", region).put("complete", true);
    json.putArray("skipped");
    json.putArray("orphans")
        .addObject()
        .put("kind", "namespace")
        .put("arn", "arn:aws:servicediscovery:" + region + ":" + account + ":namespace/ns-left")
        .put("name", "left")
        .put("monthlyCostUsd", cost)
        .putArray("cleanup")
        .add("aws servicediscovery delete-namespace --id ns-left");
    json.put("totalMonthlyCostUsd", cost);
    json.put("checkedServices", 1);
    json.putArray("findings")
        .addObject()
        .put("ruleId", "SC002")
        .put("severity", "HIGH")
        .put("resource", "svc");
    json.putArray("exemptions");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void oneDigest_countsEveryReport_namesTheMissing_andTheDamaged() throws Exception {
    assumeTrue(Emulator.isMoto(), "needs an emulator that serves Organizations");
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      AwsClients clients = clients();
      S3Client s3 = clients.s3();
      String bucket = Fleet.PREFIX + "org";
      s3.createBucket(r -> r.bucket(bucket));
      s3.putBucketVersioning(
          r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
      SigV4JsonClient organizations = clients.organizations();
      organizations.call(
          TARGET + "CreateOrganization",
          StrictJson.MAPPER.createObjectNode().put("FeatureSet", "ALL"));
      String payments = createAccount(organizations, "payments");
      String search = createAccount(organizations, "search");
      String legacy = createAccount(organizations, "legacy");
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      String week = WeeklyKey.week(today);
      Map<String, byte[]> objects = new TreeMap<>();
      // payments wrote us-east-1 twice (a re-run): the bucket keeps the latest as the object.
      put(
          s3,
          bucket,
          WeeklyKey.of(week, payments, "us-east-1"),
          report(payments, "us-east-1", 9.99));
      put(
          s3,
          bucket,
          WeeklyKey.of(week, payments, "us-east-1"),
          report(payments, "us-east-1", 0.25));
      put(
          s3,
          bucket,
          WeeklyKey.of(week, payments, "eu-west-1"),
          report(payments, "eu-west-1", 1.5));
      put(s3, bucket, WeeklyKey.of(week, search, "us-east-1"), report(search, "us-east-1", 0.5));
      String damaged = WeeklyKey.of(week, search, "eu-west-1");
      put(s3, bucket, damaged, "not gzip".getBytes(StandardCharsets.UTF_8));
      String lastWeek = WeeklyKey.prefix(WeeklyKey.week(today.minusWeeks(1))) + "org-report.json";
      put(
          s3,
          bucket,
          lastWeek,
          ("{\"week\":\""
                  + WeeklyKey.week(today.minusWeeks(1))
                  + "\",\"totals\":{\"accounts\":2,"
                  + "\"reports\":3,\"incomplete\":0,\"monthlyCostUsd\":4.0,\"orphans\":3,\"findings\":5},"
                  + "\"trend\":[{\"week\":\""
                  + WeeklyKey.week(today.minusWeeks(1))
                  + "\",\"monthlyCostUsd\":4.0,\"findings\":5}]}")
              .getBytes(StandardCharsets.UTF_8));

      OrgDigestRun.Result result =
          new OrgDigestRun(
                  new S3WeeklyReports(s3, bucket, Emulator.REGION),
                  new OrganizationsGateway(organizations),
                  REGIONS,
                  new SnsTopicGateway(clients.sns(), fleet.topicArn),
                  OrgDigestRun.OUTPUTS,
                  4,
                  Clock.systemUTC())
              .run();

      OrgReport report = result.report();
      assertEquals(new OrgReport.Totals(2, 3, 0, 2.25, 3, 3), report.totals());
      assertTrue(
          report.missing().contains(new OrgReport.Missing(legacy, "legacy", "us-east-1")),
          report.missing().toString());
      assertTrue(
          report.missing().contains(new OrgReport.Missing(legacy, "legacy", "eu-west-1")),
          report.missing().toString());
      assertTrue(
          report.missing().stream().noneMatch(m -> m.account().equals(search)),
          "search's damaged report is not missing");
      assertEquals(
          List.of(damaged), report.damaged().stream().map(OrgReport.Damaged::key).toList());
      assertEquals(2, report.trend().size());
      assertEquals(4.0, report.lastWeek().orElseThrow().monthlyCostUsd());

      String written = WeeklyKey.prefix(week) + "org-report.json";
      assertEquals(
          List.of(
              written,
              WeeklyKey.prefix(week) + "org-report.csv",
              WeeklyKey.prefix(week) + "org-report.html"),
          result.written());

      assertEquals(
          OrgReportJson.write(report),
          StrictJson.parse(
              s3.getObjectAsBytes(r -> r.bucket(bucket).key(written)).asByteArray(), written));

      JsonNode delivered = fleet.delivered(1, PATIENCE).getFirst();
      String subject = delivered.path("Subject").asText();
      assertTrue(subject.startsWith("ecs-guardrail organization digest " + week), subject);
      JsonNode summary =
          StrictJson.parse(
              delivered.path("Message").asText().getBytes(StandardCharsets.UTF_8), "digest");
      assertEquals(3, summary.path("totals").path("reports").asInt(), summary.toPrettyString());
      assertEquals(report.missing().size(), summary.path("missingCount").asInt());
      assertEquals(damaged, summary.path("damaged").get(0).path("key").asText());
      assertTrue(
          summary.path("report").path("html").asText().contains("org-report.html"),
          "the digest links the page: " + summary.path("report"));
    }
  }

  /**
   * Only the organization writes: the emulator does not enforce bucket policies, so the policy
   * document of org/template.yaml is checked itself — writes allowed only with the organization's
   * id, refused to any other principal, and nothing over plain HTTP.
   */
  @Test
  void theBucketPolicy_letsOnlyTheOrganizationWrite_overTlsOnly() throws IOException {
    JsonNode statements =
        new ObjectMapper(new YAMLFactory())
            .readTree(Project.ROOT.resolve("org/template.yaml").toFile())
            .at("/Resources/ReportBucketPolicy/Properties/PolicyDocument/Statement");
    Map<String, JsonNode> bySid = new TreeMap<>();
    statements.forEach(s -> bySid.put(s.get("Sid").asText(), s));
    JsonNode allow = bySid.get("MembersWriteTheirReports");
    assertEquals("Allow", allow.get("Effect").asText());
    assertEquals("s3:PutObject", allow.get("Action").asText());
    // Jackson's YAML reader drops the !Ref tag: the value left is the parameter's name.
    assertEquals("OrganizationId", allow.at("/Condition/StringEquals/aws:PrincipalOrgID").asText());
    JsonNode deny = bySid.get("NobodyOutsideTheOrganizationWrites");
    assertEquals("Deny", deny.get("Effect").asText());
    assertEquals("*", deny.get("Principal").asText());
    assertEquals(
        "OrganizationId", deny.at("/Condition/StringNotEquals/aws:PrincipalOrgID").asText());
    JsonNode tls = bySid.get("TlsOnly");
    assertEquals("Deny", tls.get("Effect").asText());
    assertEquals("false", tls.at("/Condition/Bool/aws:SecureTransport").asText());
    assertEquals(3, bySid.size(), "no other statement: " + bySid.keySet());
  }

  private static void put(S3Client s3, String bucket, String key, byte[] body) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
  }
}
