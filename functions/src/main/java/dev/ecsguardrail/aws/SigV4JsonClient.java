package dev.ecsguardrail.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * POSTs JSON to the API of one AWS service (restJson1, or awsJson1_1 by target), signed with SigV4:
 * for Security Hub, whose SDK module the jar does without (its model reaches the whole ASFF, 3,567
 * classes and 7 MB of the jar, for two calls whose JSON {@code AsffFindings} already writes). The
 * SDK's own parts do the work: its HTTP client, the credentials chain, the V4 signer, and the
 * adaptive retry strategy every client here uses (throttling, 5xx answers and I/O failures retried
 * with backoff, then client-side rate limiting once throttled).
 */
public final class SigV4JsonClient {

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final Set<Integer> RETRIED_STATUS = Set.of(429, 500, 502, 503, 504);
  private static final Set<String> THROTTLING =
      Set.of("TooManyRequestsException", "ThrottlingException", "Throttling");

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String signingName;
  private final String region;
  private final URI endpoint;
  private final String userAgent;
  private final RetryStrategy retries =
      DefaultRetryStrategy.adaptiveStrategyBuilder()
          .retryOnException(e -> e instanceof CallFailedException f && f.retryable())
          .treatAsThrottling(e -> e instanceof CallFailedException f && f.throttling())
          .build();

  /**
   * @param endpoint the service's endpoint; {@code null}: {@code https://<signingName>.<region>.}
   *     and the partition's DNS suffix
   */
  SigV4JsonClient(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      String signingName,
      String region,
      URI endpoint,
      String userAgent) {
    this.http = http;
    this.credentials = credentials;
    this.signingName = signingName;
    this.region = region;
    this.endpoint =
        endpoint != null
            ? endpoint
            : URI.create(
                "https://"
                    + signingName
                    + "."
                    + region
                    + "."
                    + PartitionMetadata.of(Region.of(region)).dnsSuffix());
    this.userAgent = userAgent;
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * The answer's JSON, after the retries.
   *
   * @throws CallFailedException when the service refused the call, or it could not be sent
   */
  public JsonNode post(String path, JsonNode body) {
    return send(path, "application/json", null, body);
  }

  /**
   * An awsJson1_1 call ({@code X-Amz-Target: <target>}, POST /): the protocol of Organizations.
   *
   * @throws CallFailedException when the service refused the call, or it could not be sent
   */
  public JsonNode call(String target, JsonNode body) {
    return send("/", "application/x-amz-json-1.1", target, body);
  }

  private JsonNode send(String path, String contentType, String target, JsonNode body) {
    byte[] bytes;
    try {
      bytes = StrictJson.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a JSON tree always serializes", e);
    }
    RetryToken token = acquire();
    while (true) {
      try {
        JsonNode answer = attempt(path, contentType, target, bytes);
        retries.recordSuccess(RecordSuccessRequest.create(token));
        return answer;
      } catch (CallFailedException e) {
        try {
          var refreshed =
              retries.refreshRetryToken(
                  RefreshRetryTokenRequest.builder().token(token).failure(e).build());
          sleep(refreshed.delay());
          token = refreshed.token();
        } catch (TokenAcquisitionFailedException out) {
          throw e;
        }
      }
    }
  }

  private RetryToken acquire() {
    var initial = retries.acquireInitialToken(AcquireInitialTokenRequest.create(signingName));
    sleep(initial.delay());
    return initial.token();
  }

  private JsonNode attempt(String path, String contentType, String target, byte[] body) {
    SdkHttpFullRequest.Builder builder =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve(path))
            .putHeader("Content-Type", contentType)
            .putHeader("User-Agent", userAgent);
    if (target != null) {
      builder.putHeader("X-Amz-Target", target);
    }
    SdkHttpFullRequest request = builder.build();
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpExecuteResponse response;
    byte[] answer;
    try {
      response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      answer = response.responseBody().isPresent() ? readAll(response.responseBody().get()) : null;
    } catch (IOException | UncheckedIOException e) {
      throw new CallFailedException(0, "IOException", e.getMessage(), e);
    }
    int status = response.httpResponse().statusCode();
    JsonNode json = answer == null || answer.length == 0 ? null : StrictJson.treeOrNull(answer);
    if (status / 100 == 2) {
      if (json == null) {
        throw new CallFailedException(status, "UnreadableAnswer", "the answer is not JSON", null);
      }
      return json;
    }
    // restJson1 and awsJson errors: the type in x-amzn-ErrorType, else in the body's Code or
    // __type; either
    // may carry a namespace before '#' and a URL after ':' (AWS restJson1 protocol, error shapes).
    String type =
        response
            .httpResponse()
            .firstMatchingHeader("x-amzn-ErrorType")
            .orElseGet(
                () -> json == null ? "" : json.path("Code").asText(json.path("__type").asText("")));
    String code = type.substring(type.lastIndexOf('#') + 1).split(":", 2)[0];
    String message =
        json == null ? "" : json.path("Message").asText(json.path("message").asText(""));
    throw new CallFailedException(status, code, message, null);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void sleep(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailedException(0, "Interrupted", "interrupted while backing off", e);
    }
  }

  /** The service refused the call (its status and error type), or it could not be sent. */
  public static final class CallFailedException extends RuntimeException {
    private final int status;
    private final String code;

    CallFailedException(int status, String code, String message, Throwable cause) {
      super(
          (status == 0 ? "" : "HTTP " + status + " ")
              + code
              + (message == null || message.isEmpty() ? "" : ": " + message),
          cause);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }

    boolean throttling() {
      return status == 429 || THROTTLING.contains(code);
    }

    boolean retryable() {
      return status == 0 && !"Interrupted".equals(code)
          || RETRIED_STATUS.contains(status)
          || throttling();
    }
  }
}
