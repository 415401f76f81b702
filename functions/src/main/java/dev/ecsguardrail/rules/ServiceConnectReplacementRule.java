package dev.ecsguardrail.rules;

import dev.ecsguardrail.model.Replacement;
import dev.ecsguardrail.model.ServiceAspect;
import java.util.List;
import java.util.Set;

/**
 * SC015: a plan or a stack update replaces a service that uses Service Connect. Only plans and hook
 * requests show a replacement; events never do.
 */
public final class ServiceConnectReplacementRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC015",
          "Replacing a service that uses Service Connect",
          Severity.HIGH,
          "CloudFormation cannot replace an AWS::ECS::Service with ServiceConnectConfiguration: a"
              + " stack update that changes a create-only property (Cluster, Role,"
              + " SchedulingStrategy, ServiceName) fails (AWS::ECS::Service reference), so the"
              + " deployment rolls back. Terraform replaces it by delete and create: between the"
              + " two the discovery name has no endpoints and its clients get errors (MEDIUM).",
          "Keep the create-only fields as they are. To rename or move a service on Service"
              + " Connect, create the new one beside it (a new logical id or resource name, another"
              + " discovery name), move the clients, then delete the old one.",
          "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html");

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT, ServiceAspect.IDENTITY);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    if (!service.config().serviceConnectEnabled() || service.replacement().isEmpty()) {
      return List.of();
    }
    Replacement r = service.replacement().get();
    boolean terraform = Replacement.TERRAFORM.equals(r.tool());
    String forcedBy =
        r.forcedBy().isEmpty() ? "" : " (forced by " + String.join(", ", r.forcedBy()) + ")";
    Finding finding =
        INFO.finding(
            service.resource(),
            r.forcedBy().isEmpty() ? null : r.forcedBy().getFirst(),
            terraform
                ? "The plan replaces this Service Connect service ("
                    + r.how()
                    + ")"
                    + forcedBy
                    + ": its discovery name has no endpoints between the delete and the create."
                : "This update replaces a Service Connect service"
                    + forcedBy
                    + ", which CloudFormation refuses: the stack update fails.");
    return List.of(terraform ? finding.withSeverity(Severity.MEDIUM) : finding);
  }
}
