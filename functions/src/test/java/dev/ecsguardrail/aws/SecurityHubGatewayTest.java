package dev.ecsguardrail.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguardrail.securityhub.HubAccount;
import dev.ecsguardrail.securityhub.HubFinding;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsRequest;

/**
 * Batching and resending of refused findings, on a canned BatchImportFindings answer (moto refuses
 * no finding that has a resource, so it cannot show this path).
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

  @Test
  void importsInBatchesOfAHundred_resendsARefusedFindingTwice_thenReturnsIt() {
    List<HubFinding> findings =
        IntStream.range(0, 150).mapToObj(SecurityHubGatewayTest::finding).toList();
    String refused = findings.get(7).id();
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    ExecutionInterceptor sizes =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
            if (context.request() instanceof BatchImportFindingsRequest r) {
              batchSizes.add(r.findings().size());
            }
          }
        };
    String answer =
        "{\"FailedCount\":1,\"SuccessCount\":0,\"FailedFindings\":[{\"Id\":\""
            + refused
            + "\",\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"Finding too large\"}]}";
    try (SecurityHubClient client =
        SecurityHubClient.builder()
            .httpClient(
                CannedResponseHttpClient.builder()
                    .statusCode(200)
                    .responseBody(answer.getBytes(StandardCharsets.UTF_8))
                    .build())
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://localhost"))
            .overrideConfiguration(o -> o.addExecutionInterceptor(sizes))
            .build()) {

      Map<String, String> result = new SecurityHubGateway(client).importFindings(findings);

      assertEquals(Map.of(refused, "InvalidInput: Finding too large"), result);
      // 100, the refused one twice more, then the other 50 (whose answer names the same id, not
      // one of its own: nothing of that batch is resent).
      assertEquals(new ArrayList<>(List.of(100, 1, 1, 50)), new ArrayList<>(batchSizes));
    }
  }
}
