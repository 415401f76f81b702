package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/** SC010: a service registered in Cloud Map ({@code serviceRegistries}) past 1,000 tasks. */
public final class CloudMapTaskQuotaRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC010",
          "Cloud Map serviceRegistries service scaled past 1,000 tasks",
          Severity.MEDIUM,
          "Cloud Map DNS registration (serviceRegistries) is bounded by Route 53 quotas of about"
              + " 1,000 instances per service; tasks past it fail to register and are not"
              + " discoverable.",
          "Keep the service at or below 1,000 tasks, split it, or move its clients to Service"
              + " Connect.",
          "https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-limits.html");

  static final int MAX_REGISTERED_TASKS = 1_000;

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_REGISTRIES, ServiceAspect.DESIRED_COUNT);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    Integer tasks = service.config().desiredCount();
    if (service.config().serviceRegistryCount() == 0
        || tasks == null
        || tasks <= MAX_REGISTERED_TASKS) {
      return List.of();
    }
    return List.of(
        INFO.finding(
            service.resource(),
            "desiredCount",
            "desiredCount "
                + tasks
                + " with serviceRegistries: more than "
                + MAX_REGISTERED_TASKS
                + " tasks to register in Cloud Map."));
  }
}
