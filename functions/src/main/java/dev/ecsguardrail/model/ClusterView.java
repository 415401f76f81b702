package dev.ecsguardrail.model;

/**
 * The cluster settings the rules read.
 *
 * @param containerInsights the {@code containerInsights} setting: {@code enhanced}, {@code
 *     enabled}, {@code disabled}; {@code null} when unset
 */
public record ClusterView(String arn, String name, String containerInsights) {

  /** Per-container metrics (the sidecar's memory) exist only with enhanced observability. */
  public boolean hasEnhancedObservability() {
    return "enhanced".equals(containerInsights);
  }
}
