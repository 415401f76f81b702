package dev.ecsguardrail.aws;

import dev.ecsguardrail.flow.WeeklyReports;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The organization's report bucket: ListObjectsV2 (paged), GetObject, PutObject. */
public final class S3WeeklyReports implements WeeklyReports {

  private final S3Client s3;
  private final String bucket;
  private final String region;

  public S3WeeklyReports(S3Client s3, String bucket, String region) {
    this.s3 = s3;
    this.bucket = bucket;
    this.region = region;
  }

  @Override
  public List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, byte[] body, String contentType) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
  }

  /** The S3 console's page of the object (a person opens it signed in, with read access). */
  @Override
  public String link(String key) {
    return "https://console.aws.amazon.com/s3/object/"
        + bucket
        + "?region="
        + region
        + "&prefix="
        + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }
}
