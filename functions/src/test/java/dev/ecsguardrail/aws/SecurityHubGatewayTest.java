package dev.ecsguardrail.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.flow.SecurityHub;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.AsffFindings;
import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The calls on the wire, on scripted answers: batching and resending of refused findings, retries,
 * errors, paging and signing (moto refuses no finding that has a resource and never throttles, so
 * it cannot show these paths; SecurityHubIT runs the same gateway against it).
 */
class SecurityHubGatewayTest {

  private static final HubAccount HUB = new HubAccount("123456789012", "us-east-1");
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  private static HubFinding finding(int n) {
    String arn = HUB.resourceArn("prod/svc-" + n);
    return new HubFinding(
        HUB.findingId("SC002", arn),
        HUB.productArn(),
        "ecs-guardrail/SC002",
        HUB.account(),
        AT,
        AT,
        AT,
        AT,
        "MEDIUM",
        "SC002 title",
        "message",
        "fix it",
        "https://docs.aws.amazon.com/",
        "AwsEcsService",
        arn,
        "aws",
        "us-east-1",
        HubFinding.FAILED,
        HubFinding.ACTIVE,
        Map.of());
  }

  private static SigV4JsonClient client(ScriptedHttpClient http, String region, URI endpoint) {
    return new SigV4JsonClient(
        http,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
        "securityhub",
        region,
        endpoint,
        AwsClients.USER_AGENT);
  }

  private static SecurityHubGateway gateway(ScriptedHttpClient http) {
    return new SecurityHubGateway(client(http, "us-east-1", URI.create("http://localhost")));
  }

  private static JsonNode json(String body) {
    return StrictJson.parse(body.getBytes(StandardCharsets.UTF_8), "the request");
  }

  @Test
  void importsInBatchesOfAHundred_resendsARefusedFindingTwice_thenReturnsIt() {
    List<HubFinding> findings =
        IntStream.range(0, 150).mapToObj(SecurityHubGatewayTest::finding).toList();
    String refused = findings.get(7).id();
    ScriptedHttpClient http =
        new ScriptedHttpClient()
            .answer(
                200,
                "{\"FailedCount\":1,\"SuccessCount\":0,\"FailedFindings\":[{\"Id\":\""
                    + refused
                    + "\",\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"Finding too large\"}]}");

    Map<String, String> result = gateway(http).importFindings(findings);

    assertEquals(Map.of(refused, "InvalidInput: Finding too large"), result);
    // 100, the refused one twice more, then the other 50 (whose answer names the same id, not
    // one of its own: nothing of that batch is resent).
    assertEquals(
        List.of(100, 1, 1, 50),
        http.sent.stream().map(r -> json(r.body()).path("Findings").size()).toList());
    assertEquals(refused, json(http.sent.get(1).body()).at("/Findings/0/Id").asText());
  }

  @Test
  void signsAPostToFindingsImport_forSecurityHubInTheRegion_withTheFindingsAsffJson() {
    ScriptedHttpClient http =
        new ScriptedHttpClient().answer(200, "{\"FailedCount\":0,\"SuccessCount\":1}");
    HubFinding f = finding(1);

    assertEquals(Map.of(), gateway(http).importFindings(List.of(f)));

    SdkHttpRequest sent = http.sent.getFirst().request();
    assertEquals(SdkHttpMethod.POST, sent.method());
    assertEquals("/findings/import", sent.encodedPath());
    String authorization = sent.firstMatchingHeader("Authorization").orElseThrow();
    assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), authorization);
    assertTrue(authorization.contains("/us-east-1/securityhub/aws4_request"), authorization);
    assertTrue(sent.firstMatchingHeader("X-Amz-Date").isPresent());
    assertEquals(AsffFindings.toJson(f), json(http.sent.getFirst().body()).path("Findings").get(0));
  }

  @Test
  void sessionCredentials_sendTheirToken() {
    ScriptedHttpClient http =
        new ScriptedHttpClient().answer(200, "{\"FailedCount\":0,\"SuccessCount\":1}");
    SigV4JsonClient client =
        new SigV4JsonClient(
            http,
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "the-session-token")),
            "securityhub",
            "us-east-1",
            URI.create("http://localhost"),
            AwsClients.USER_AGENT);

    new SecurityHubGateway(client).importFindings(List.of(finding(1)));

    // Lambda's credentials are a role's session: without its token every call is refused.
    assertEquals(
        "the-session-token",
        http.sent.getFirst().request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
  }

  @Test
  void throttledIsRetried_refusedIsNot_andTheErrorSaysWhich() {
    ScriptedHttpClient throttled =
        new ScriptedHttpClient()
            .answer(429, "TooManyRequestsException", "{\"Message\":\"Rate exceeded\"}")
            .answer(200, "{\"FailedCount\":0,\"SuccessCount\":1}");
    assertEquals(Map.of(), gateway(throttled).importFindings(List.of(finding(1))));
    assertEquals(2, throttled.sent.size());

    ScriptedHttpClient denied =
        new ScriptedHttpClient()
            .answer(
                403,
                "AccessDeniedException:http://internal.amazon.com/coral/",
                "{\"Message\":\"not authorized to perform securityhub:BatchImportFindings\"}");
    SecurityHub.UnavailableException e =
        assertThrows(
            SecurityHub.UnavailableException.class,
            () -> gateway(denied).importFindings(List.of(finding(1))));
    assertEquals(1, denied.sent.size());
    assertEquals(
        "BatchImportFindings: HTTP 403 AccessDeniedException: not authorized to perform"
            + " securityhub:BatchImportFindings",
        e.getMessage());
  }

  @Test
  void readsEveryPageOfTheGuardrailsActiveFindings_filteredOnProductGeneratorStateAndResource() {
    HubFinding one = finding(1);
    HubFinding two = finding(2);
    ScriptedHttpClient http =
        new ScriptedHttpClient()
            .answer(200, "{\"Findings\":[" + AsffFindings.toJson(one) + "],\"NextToken\":\"p2\"}")
            .answer(200, "{\"Findings\":[" + AsffFindings.toJson(two) + "]}");

    List<HubFinding> found =
        gateway(http).activeFindings(HUB.productArn(), List.of(one.resourceId(), two.resourceId()));

    assertEquals(List.of(one, two), found);
    assertEquals(2, http.sent.size());
    assertEquals("/findings", http.sent.getFirst().request().encodedPath());
    JsonNode first = json(http.sent.getFirst().body());
    assertEquals(HUB.productArn(), first.at("/Filters/ProductArn/0/Value").asText());
    assertEquals("PREFIX", first.at("/Filters/GeneratorId/0/Comparison").asText());
    assertEquals("ACTIVE", first.at("/Filters/RecordState/0/Value").asText());
    assertEquals(2, first.at("/Filters/ResourceId").size());
    assertTrue(first.path("NextToken").isMissingNode());
    assertEquals("p2", json(http.sent.get(1).body()).path("NextToken").asText());
  }

  @Test
  void theEndpointIsThePartitionsUnlessOverridden() {
    ScriptedHttpClient http = new ScriptedHttpClient();
    assertEquals(
        URI.create("https://securityhub.eu-west-1.amazonaws.com"),
        client(http, "eu-west-1", null).endpoint());
    assertEquals(
        URI.create("https://securityhub.cn-north-1.amazonaws.com.cn"),
        client(http, "cn-north-1", null).endpoint());
    assertEquals(
        URI.create("http://127.0.0.1:5000"),
        client(http, "eu-west-1", URI.create("http://127.0.0.1:5000")).endpoint());
  }
}
