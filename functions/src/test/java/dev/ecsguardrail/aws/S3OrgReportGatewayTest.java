package dev.ecsguardrail.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.flow.OrgReportStore;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The PutObject on the wire, on scripted answers: the headers that encryption and ownership depend
 * on, which moto does not enforce (SweepLambdaIT writes to moto with the same gateway).
 */
class S3OrgReportGatewayTest {

  private static final String BUCKET = "org-reports";
  private static final String KEY = "weekly/2026-W50/123456789012/eu-west-1.json.gz";
  private static final String KMS_KEY =
      "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void put_withTheKey_asksForSseKmsWithIt_andSendsNoAcl() {
    ScriptedHttpClient http = new ScriptedHttpClient().answer(200, "");

    String location = new S3OrgReportGateway(s3(http), BUCKET, KMS_KEY).put(KEY, new byte[] {1});

    assertEquals("s3://" + BUCKET + "/" + KEY, location);
    assertEquals(1, http.sent.size());
    SdkHttpRequest put = http.sent.getFirst().request();
    assertEquals(SdkHttpMethod.PUT, put.method());
    assertEquals("/" + BUCKET + "/" + KEY, put.encodedPath());
    assertEquals(Optional.of("aws:kms"), put.firstMatchingHeader("x-amz-server-side-encryption"));
    assertEquals(
        Optional.of(KMS_KEY),
        put.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id"));
    assertEquals(Optional.of("application/json"), put.firstMatchingHeader("Content-Type"));
    assertTrue(
        put.firstMatchingHeader("Content-Encoding").orElse("").contains("gzip"),
        put.headers().toString());
    assertEquals(Optional.empty(), put.firstMatchingHeader("x-amz-acl"), "no ACL");
  }

  @Test
  void put_withoutAKey_leavesEncryptionToTheBucket() {
    ScriptedHttpClient http = new ScriptedHttpClient().answer(200, "");

    new S3OrgReportGateway(s3(http), BUCKET, null).put(KEY, new byte[] {1});

    SdkHttpRequest put = http.sent.getFirst().request();
    assertEquals(Optional.empty(), put.firstMatchingHeader("x-amz-server-side-encryption"));
    assertEquals(
        Optional.empty(), put.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id"));
  }

  @Test
  void put_denied_namesTheObject() {
    ScriptedHttpClient http =
        new ScriptedHttpClient()
            .answer(
                403,
                "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                    + "<RequestId>r</RequestId></Error>");

    OrgReportStore.WriteFailedException e =
        assertThrows(
            OrgReportStore.WriteFailedException.class,
            () -> new S3OrgReportGateway(s3(http), BUCKET, null).put(KEY, new byte[] {1}));

    assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/" + KEY + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("Access Denied"), e.getMessage());
    assertEquals(1, http.sent.size(), "access denied is not retried");
  }

  private static S3Client s3(ScriptedHttpClient http) {
    return S3Client.builder()
        .httpClient(http)
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .endpointOverride(URI.create("http://localhost"))
        .forcePathStyle(true)
        .build();
  }
}
