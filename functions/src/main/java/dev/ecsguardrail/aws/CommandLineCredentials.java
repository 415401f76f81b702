package dev.ecsguardrail.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The command line's credentials: the default chain's sources in its order, but the instance role
 * only on an EC2 host, told from the machine's own DMI or hypervisor files, without the network.
 * Outside AWS the default chain waits on 169.254.169.254 before it gives up; a laptop or a CI
 * runner without credentials is told at once, in one line.
 */
public final class CommandLineCredentials implements AwsCredentialsProvider {

  public static final String MISSING =
      "no AWS credentials: none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or"
          + " ~/.aws, a web identity token or a container role"
          + " (the instance role is asked on EC2 only)";

  private final AwsCredentialsProvider chain;

  CommandLineCredentials(Path sys) {
    List<AwsCredentialsProvider> sources =
        new ArrayList<>(
            List.of(
                SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(),
                WebIdentityTokenFileCredentialsProvider.create(),
                ProfileCredentialsProvider.create(),
                ContainerCredentialsProvider.create()));
    if (onEc2(sys)) {
      sources.add(InstanceProfileCredentialsProvider.create());
    }
    chain = AwsCredentialsProviderChain.builder().credentialsProviders(sources).build();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return chain.resolveCredentials();
    } catch (SdkClientException e) {
      // The chain's message lists every provider's failure on one very long line.
      throw SdkClientException.builder().message(MISSING).cause(e).build();
    }
  }

  /**
   * An EC2 instance says so in its DMI tables (Nitro: the board asset tag is the instance id, the
   * vendor "Amazon EC2") or its Xen hypervisor id ("ec2..."), readable without privileges.
   *
   * @param sys {@code /sys}, or a folder laid out like it (tests)
   */
  static boolean onEc2(Path sys) {
    return read(sys.resolve("devices/virtual/dmi/id/board_asset_tag")).startsWith("i-")
        || read(sys.resolve("devices/virtual/dmi/id/sys_vendor")).equals("Amazon EC2")
        || read(sys.resolve("hypervisor/uuid"))
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith("ec2");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}
