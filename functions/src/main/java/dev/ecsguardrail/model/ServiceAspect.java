package dev.ecsguardrail.model;

/**
 * The parts of a service configuration a call can change. An UpdateService carries only the fields
 * sent, so a rule re-alerts on an existing configuration only when the call touched an aspect the
 * rule depends on.
 */
public enum ServiceAspect {
  SERVICE_CONNECT,
  TASK_DEFINITION,
  DEPLOYMENT_CONTROLLER,
  SERVICE_REGISTRIES,
  DESIRED_COUNT,
  CAPACITY,
  /**
   * What cannot change without replacing the service (cluster, name, role, scheduling strategy):
   * only a plan or a hook request can show it changing.
   */
  IDENTITY
}
