package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** One check of a service configuration. Pure: context comes through the {@link ServiceSubject}. */
public interface Rule {

  RuleInfo info();

  /**
   * The aspects the rule reads. An UpdateService that changed none of them does not re-alert on a
   * configuration that was already there.
   */
  Set<ServiceAspect> dependsOn();

  /** The findings, empty when the service is fine by this rule. */
  List<Finding> evaluate(ServiceSubject service);
}
