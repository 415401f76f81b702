package dev.ecsguardrail.policy;

import java.util.Map;

/**
 * The tags exemptions are read from.
 *
 * @param service the service's tags; {@code null} when they could not be read
 * @param cluster the cluster's tags; {@code null} when they could not be read
 */
public record ResourceTags(Map<String, String> service, Map<String, String> cluster) {

  public static final ResourceTags UNKNOWN = new ResourceTags(null, null);

  public ResourceTags {
    service = service == null ? null : Map.copyOf(service);
    cluster = cluster == null ? null : Map.copyOf(cluster);
  }

  public boolean known() {
    return service != null && cluster != null;
  }
}
