package dev.ecsguardrail.orphan;

/**
 * An instance registered in a Cloud Map service.
 *
 * @param ecsCluster the {@code ECS_CLUSTER_NAME} attribute ECS sets on the instances it registers;
 *     {@code null} when something other than ECS registered the instance
 * @param createdByAccount the account that registered it ({@code CreatedByAccount}, since Cloud Map
 *     namespace sharing, 2025-08); {@code null} when not known. Another account's instance in a
 *     namespace this account owns means the namespace is shared and in use over there.
 */
public record CloudMapInstance(String id, String ecsCluster, String createdByAccount) {

  /** The attribute ECS writes on every instance it registers for a task. */
  public static final String ECS_CLUSTER_ATTRIBUTE = "ECS_CLUSTER_NAME";

  /** An instance this account registered (or whose registrant is not known). */
  public CloudMapInstance(String id, String ecsCluster) {
    this(id, ecsCluster, null);
  }

  public boolean registeredByEcs() {
    return ecsCluster != null;
  }

  /** Registered by another account than {@code account}: a consumer of a shared namespace. */
  public boolean registeredByAnotherAccount(String account) {
    return createdByAccount != null && !createdByAccount.equals(account);
  }
}
