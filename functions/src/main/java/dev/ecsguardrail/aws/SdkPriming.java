package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.OrgReportPublisher;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.notify.Notification;
import dev.ecsguardrail.policy.Outcome;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.AppProtocolMissingRule;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.securityhub.HubAccount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SnapStart priming of the SDK: the gateways' own calls, marshalled and unmarshalled against canned
 * responses ({@link CannedResponseHttpClient}, no network), with anonymous credentials, a fixed
 * Region and clock, so the snapshot holds the loaded and compiled classes and nothing unique. The
 * clients are closed after use; the functions' own clients are built as usual.
 */
public final class SdkPriming {

  private static final Region REGION = Region.US_EAST_1;
  private static final URI NOWHERE = URI.create("http://localhost");
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private SdkPriming() {}

  /** DescribeTaskDefinition and DescribeClusters (awsJson1_1), read by EcsGateway. */
  public static void ecs() {
    String td = new String(sample("taskdefs/orders-grpc.json"), StandardCharsets.UTF_8);
    try (EcsClient ecs = build(EcsClient.builder(), "{\"taskDefinition\":" + td + "}")) {
      new EcsGateway(ecs).taskDefinition("orders-grpc:1");
    }
    try (EcsClient ecs =
        build(
            EcsClient.builder(),
            "{\"clusters\":[{\"clusterArn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/prime\","
                + "\"clusterName\":\"prime\",\"status\":\"ACTIVE\",\"settings\":[],\"tags\":[]}],"
                + "\"failures\":[]}")) {
      new EcsGateway(ecs).cluster("prime");
    }
  }

  /** GetNamespace (awsJson1_1), read by CloudMapGateway. */
  public static void cloudMap() {
    try (ServiceDiscoveryClient cloudMap =
        build(
            ServiceDiscoveryClient.builder(),
            "{\"Namespace\":{\"Id\":\"ns-prime\",\"Name\":\"prime\",\"Type\":\"HTTP\",\"Arn\":"
                + "\"arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-prime\","
                + "\"ServiceCount\":1}}")) {
      new CloudMapGateway(() -> cloudMap)
          .namespace("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-prime");
    }
  }

  /** Publish (awsQuery, an XML answer), with a rendered notification's attributes. */
  public static void sns(Notification notification) {
    try (SnsClient sns =
        build(
            SnsClient.builder(),
            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>prime</MessageId></PublishResult><ResponseMetadata><RequestId>prime"
                + "</RequestId></ResponseMetadata></PublishResponse>")) {
      new SnsTopicGateway(sns, "arn:aws:sns:us-east-1:000000000000:prime").publish(notification);
    }
  }

  /** The ledger's claim and completion (UpdateItem, awsJson1_0). */
  public static void dynamoDb() {
    try (DynamoDbClient dynamoDb = build(DynamoDbClient.builder(), "{}")) {
      DynamoDbLedger ledger = new DynamoDbLedger(dynamoDb, "prime", FIXED);
      ledger.claim("prime").ifPresent(ledger::complete);
    }
  }

  /** DescribeAlarms (awsQuery), read by AlarmGateway. */
  public static void cloudWatch() {
    try (CloudWatchClient cloudWatch =
        build(
            CloudWatchClient.builder(),
            "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<DescribeAlarmsResult><MetricAlarms/><CompositeAlarms/></DescribeAlarmsResult>"
                + "</DescribeAlarmsResponse>")) {
      Map<String, ?> alarms = new AlarmGateway(cloudWatch).alarms();
      if (!alarms.isEmpty()) {
        throw new IllegalStateException("the canned answer holds no alarm: " + alarms);
      }
    }
  }

  /** PutObject (restXml, an empty answer), as S3OrgReportGateway writes the organization's copy. */
  public static void s3() {
    try (S3Client s3 = build(S3Client.builder().forcePathStyle(true), "")) {
      new S3OrgReportGateway(s3, "prime", null)
          .put(
              OrgReportPublisher.key("000000000000", REGION.id(), LocalDate.now(FIXED)),
              "prime".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * GetFindings and BatchImportFindings (restJson1) through the publisher, as a service-change
   * finding takes them: one canned answer serves both, each reading its own fields.
   */
  public static void securityHub() {
    SigV4JsonClient client =
        new SigV4JsonClient(
            CannedResponseHttpClient.builder()
                .statusCode(200)
                .responseBody(
                    "{\"Findings\":[],\"FailedCount\":0,\"SuccessCount\":1,\"FailedFindings\":[]}"
                        .getBytes(StandardCharsets.UTF_8))
                .build(),
            // Signed like any call, with a key that is nobody's.
            StaticCredentialsProvider.create(AwsBasicCredentials.create("prime", "prime")),
            "securityhub",
            REGION.id(),
            NOWHERE,
            AwsClients.USER_AGENT);
    Finding finding = AppProtocolMissingRule.INFO.finding("prime/prime", "/prime", "prime");
    SecurityHubPublisher.Sync sync =
        new SecurityHubPublisher(
                new SecurityHubGateway(client),
                new HubAccount("000000000000", REGION.id()),
                n -> {
                  throw new IllegalStateException("priming reports nothing: " + n.subject());
                },
                FIXED)
            .afterEvaluation(
                List.of(new Verdict(finding, Outcome.REPORTED, "prime")),
                new SecurityHubPublisher.Settled(Set.of("SC002"), Set.of("prime/prime")),
                FIXED.instant(),
                "prime",
                null);
    if (sync.imported() != 1) {
      throw new IllegalStateException("the canned answer takes the finding: " + sync);
    }
  }

  private static <C, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C build(
      B builder, String body) {
    builder.httpClient(
        CannedResponseHttpClient.builder()
            .statusCode(200)
            .responseBody(body.getBytes(StandardCharsets.UTF_8))
            .build());
    builder.credentialsProvider(AnonymousCredentialsProvider.create()).region(REGION);
    builder.endpointOverride(NOWHERE);
    return builder.build();
  }

  /** A sample bundled in the jar (a copy of {@code events/}). */
  public static byte[] sample(String name) {
    try (InputStream in = SdkPriming.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
