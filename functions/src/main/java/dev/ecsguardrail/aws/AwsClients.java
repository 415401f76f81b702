package dev.ecsguardrail.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients of one Region, built the same way everywhere: UrlConnection HTTP (no other client
 * is on the classpath), the default credentials chain (SnapStart restores container credentials
 * through it), and {@code AWS_ENDPOINT_URL} honoured, so the same code runs against AWS, moto
 * server or LocalStack.
 */
public final class AwsClients {

  private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

  /** Must contain what {@code CallerReader} maps to the tool {@code ecs-guardrail}. */
  static final String USER_AGENT = "ecs-guardrail";

  private final Region region;
  private final URI endpoint;
  private final List<ExecutionInterceptor> interceptors;
  private final AwsCredentialsProvider credentials;
  // Built on first use: each function builds only the clients it calls (during init, so SnapStart
  // captures them).
  private final Supplier<EcsClient> ecs = lazily(() -> build(EcsClient.builder()));
  private final Supplier<ServiceDiscoveryClient> cloudMap =
      lazily(() -> build(ServiceDiscoveryClient.builder()));
  private final Supplier<SnsClient> sns = lazily(() -> build(SnsClient.builder()));
  private final Supplier<CloudWatchClient> cloudWatch =
      lazily(() -> build(CloudWatchClient.builder()));
  private final Supplier<DynamoDbClient> dynamoDb = lazily(() -> build(DynamoDbClient.builder()));
  private final Supplier<SecretsManagerClient> secretsManager =
      lazily(() -> build(SecretsManagerClient.builder()));
  private final Supplier<SigV4JsonClient> securityHub = lazily(this::signedSecurityHub);
  private final Supplier<StsClient> sts = lazily(() -> build(StsClient.builder()));
  private final Supplier<S3Client> s3 = lazily(this::buildS3);
  private final Supplier<SigV4JsonClient> organizations = lazily(this::signedOrganizations);

  private AwsClients(
      Region region,
      URI endpoint,
      List<ExecutionInterceptor> interceptors,
      AwsCredentialsProvider credentials) {
    this.region = region;
    this.endpoint = endpoint;
    this.interceptors = List.copyOf(interceptors);
    this.credentials = credentials;
  }

  /** Clients for a Region, with the endpoint from {@code AWS_ENDPOINT_URL} when it is set. */
  public static AwsClients forRegion(String region) {
    return create(region, endpointFromEnvironment(), List.of());
  }

  /**
   * The command line's clients: as {@link #forRegion}, but credentials that never wait on instance
   * metadata outside EC2 and fail in one line (CommandLineCredentials).
   */
  public static AwsClients forCommandLine(String region) {
    return new AwsClients(
        Region.of(region),
        endpointFromEnvironment(),
        List.of(),
        new CommandLineCredentials(Path.of("/sys")));
  }

  /**
   * Clients for a Region and an endpoint ({@code null}: the AWS endpoints), with interceptors
   * (tests count calls with one).
   */
  public static AwsClients create(
      String region, URI endpoint, List<ExecutionInterceptor> interceptors) {
    return new AwsClients(
        Region.of(region), endpoint, interceptors, DefaultCredentialsProvider.builder().build());
  }

  /** The endpoint {@code AWS_ENDPOINT_URL} names, or {@code null} for the AWS endpoints. */
  public static URI endpointFromEnvironment() {
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
  }

  /** The Region the process runs in ({@code AWS_REGION}, as Lambda sets it). */
  public static String currentRegion() {
    String region = System.getenv("AWS_REGION");
    if (region == null || region.isBlank()) {
      region = System.getenv("AWS_DEFAULT_REGION");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalStateException("AWS_REGION is not set: say which Region to use");
    }
    return region;
  }

  public EcsClient ecs() {
    return ecs.get();
  }

  public ServiceDiscoveryClient cloudMap() {
    return cloudMap.get();
  }

  public SnsClient sns() {
    return sns.get();
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch.get();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public SecretsManagerClient secretsManager() {
    return secretsManager.get();
  }

  /**
   * Security Hub's REST API: signed calls without its SDK module (see SigV4JsonClient), so no
   * interceptor of these clients sees them.
   */
  public SigV4JsonClient securityHub() {
    return securityHub.get();
  }

  /**
   * Organizations' JSON API: signed calls without its SDK module (Maven Central serves none at this
   * SDK's version), to its one endpoint in us-east-1 (the aws partition's).
   */
  public SigV4JsonClient organizations() {
    return organizations.get();
  }

  public S3Client s3() {
    return s3.get();
  }

  /** The account the credentials belong to. */
  public String account() {
    return sts.get().getCallerIdentity().account();
  }

  private S3Client buildS3() {
    S3ClientBuilder builder =
        S3Client.builder()
            // One bucket may take the reports of every Region: the SDK follows S3's answer to the
            // bucket's own Region.
            .crossRegionAccessEnabled(true);
    if (endpoint != null) {
      // An emulator's endpoint has no bucket subdomains.
      builder.forcePathStyle(true);
    }
    return build(builder);
  }

  private SigV4JsonClient signedOrganizations() {
    return new SigV4JsonClient(
        HTTP, credentials, "organizations", "us-east-1", endpoint, USER_AGENT);
  }

  private SigV4JsonClient signedSecurityHub() {
    return new SigV4JsonClient(HTTP, credentials, "securityhub", region.id(), endpoint, USER_AGENT);
  }

  private static <T> Supplier<T> lazily(Supplier<T> factory) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = factory.get();
        }
        return value;
      }
    };
  }

  private <C, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C build(B builder) {
    builder.httpClient(HTTP);
    builder
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                // Adaptive: standard retries plus client-side rate limiting once throttled, so a
                // sweep over a whole fleet slows down instead of failing.
                .retryStrategy(RetryMode.ADAPTIVE_V2)
                .executionInterceptors(interceptors)
                // CloudTrail records the user agent: the guardrail recognises its own calls by it.
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
                .build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
