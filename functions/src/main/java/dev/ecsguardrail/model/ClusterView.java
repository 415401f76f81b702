package dev.ecsguardrail.model;

import java.util.Map;

/**
 * The cluster settings the rules read.
 *
 * @param containerInsights the {@code containerInsights} setting: {@code enhanced}, {@code
 *     enabled}, {@code disabled}; {@code null} when unset
 * @param tags the cluster's tags; {@code null} when not read
 */
public record ClusterView(
    String arn, String name, String containerInsights, Map<String, String> tags) {

  public ClusterView {
    tags = tags == null ? null : Map.copyOf(tags);
  }

  /** Per-container metrics (the sidecar's memory) exist only with enhanced observability. */
  public boolean hasEnhancedObservability() {
    return "enhanced".equals(containerInsights);
  }
}
