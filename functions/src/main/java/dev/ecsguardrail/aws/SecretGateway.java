package dev.ecsguardrail.aws;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads secret strings from Secrets Manager. Callers cache; secrets are never logged here. */
public final class SecretGateway {

  private final SecretsManagerClient secrets;

  public SecretGateway(SecretsManagerClient secrets) {
    this.secrets = secrets;
  }

  /** The current version's string; a binary-only secret is an error. */
  public String secretString(String secretArn) {
    String value = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
    if (value == null) {
      throw new IllegalStateException(
          "secret " + secretArn + " has no string value (binary secrets are not supported)");
    }
    return value;
  }
}
