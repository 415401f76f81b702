package dev.ecsguardrail.orphan;

/**
 * An instance registered in a Cloud Map service.
 *
 * @param ecsCluster the {@code ECS_CLUSTER_NAME} attribute ECS sets on the instances it registers;
 *     {@code null} when something other than ECS registered the instance
 */
public record CloudMapInstance(String id, String ecsCluster) {

  /** The attribute ECS writes on every instance it registers for a task. */
  public static final String ECS_CLUSTER_ATTRIBUTE = "ECS_CLUSTER_NAME";

  public boolean registeredByEcs() {
    return ecsCluster != null;
  }
}
