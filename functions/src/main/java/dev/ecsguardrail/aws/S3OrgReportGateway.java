package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.OrgReportStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * PutObject into the organization's bucket, often another account's. No ACL: a bucket with Object
 * Ownership "bucket owner enforced" (the default) owns every object whoever writes it, and takes
 * PUTs without an ACL (docs/many-accounts.md). Throttling, 5xx and connection failures are retried
 * by the SDK; what still fails (access denied, no such bucket) is raised as {@link
 * WriteFailedException}, naming the object.
 */
public final class S3OrgReportGateway implements OrgReportStore {

  private final S3Client s3;
  private final String bucket;
  private final String kmsKeyArn;

  /**
   * @param kmsKeyArn the customer managed key to encrypt with (SSE-KMS), or {@code null} for the
   *     bucket's default encryption
   */
  public S3OrgReportGateway(S3Client s3, String bucket, String kmsKeyArn) {
    this.s3 = s3;
    this.bucket = bucket;
    this.kmsKeyArn = kmsKeyArn;
  }

  @Override
  public String put(String key, byte[] gzippedJson) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType("application/json")
            .contentEncoding("gzip");
    if (kmsKeyArn != null) {
      // Named, not left to the bucket's default: the key the role may use is the key S3 uses, and
      // a bucket policy that requires SSE-KMS on every PUT takes it.
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyArn);
    }
    String location = "s3://" + bucket + "/" + key;
    try {
      s3.putObject(request.build(), RequestBody.fromBytes(gzippedJson));
    } catch (SdkException e) {
      throw new WriteFailedException(location, e);
    }
    return location;
  }
}
