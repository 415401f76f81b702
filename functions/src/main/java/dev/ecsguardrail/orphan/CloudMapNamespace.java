package dev.ecsguardrail.orphan;

import java.util.Map;

/**
 * A Cloud Map namespace as the sweep lists it.
 *
 * @param type {@code HTTP}, {@code DNS_PRIVATE} or {@code DNS_PUBLIC}
 * @param owner the account that owns it: another account's for a namespace shared through AWS RAM
 * @param hostedZoneId the Route 53 hosted zone of a DNS namespace; {@code null} for HTTP
 * @param tags {@code null} when not read
 */
public record CloudMapNamespace(
    String id,
    String arn,
    String name,
    String type,
    String owner,
    String hostedZoneId,
    Map<String, String> tags) {

  public CloudMapNamespace {
    tags = tags == null ? null : Map.copyOf(tags);
  }

  /** The account in an ARN ({@code arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ns-...}). */
  public static String accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length == 6 ? parts[4] : null;
  }

  public boolean hasHostedZone() {
    return hostedZoneId != null && !hostedZoneId.isBlank();
  }

  /** "HTTP", "DNS private (zone Z123)", "DNS public (zone Z123)". */
  public String describeType() {
    return switch (type) {
      case "DNS_PRIVATE" -> "DNS private" + zone();
      case "DNS_PUBLIC" -> "DNS public" + zone();
      default -> type;
    };
  }

  private String zone() {
    return hasHostedZone() ? " (hosted zone " + hostedZoneId + ")" : "";
  }
}
