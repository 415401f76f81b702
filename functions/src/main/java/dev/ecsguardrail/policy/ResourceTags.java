package dev.ecsguardrail.policy;

import java.util.Map;

/**
 * The tags exemptions are read from.
 *
 * @param service the service's tags; {@code null} when they could not be read
 * @param cluster the cluster's tags; {@code null} when they could not be read
 * @param namespace the Cloud Map namespace's tags (NS001 is about a namespace); {@code null} when
 *     they could not be read or the finding is not about one
 */
public record ResourceTags(
    Map<String, String> service, Map<String, String> cluster, Map<String, String> namespace) {

  public static final ResourceTags UNKNOWN = new ResourceTags(null, null, null);

  public ResourceTags {
    service = service == null ? null : Map.copyOf(service);
    cluster = cluster == null ? null : Map.copyOf(cluster);
    namespace = namespace == null ? null : Map.copyOf(namespace);
  }

  /** A service's and its cluster's tags. */
  public ResourceTags(Map<String, String> service, Map<String, String> cluster) {
    this(service, cluster, null);
  }

  /** A Cloud Map namespace's tags. */
  public static ResourceTags ofNamespace(Map<String, String> namespace) {
    return new ResourceTags(null, null, namespace);
  }

  public boolean known() {
    return service != null && cluster != null;
  }
}
