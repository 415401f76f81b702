package dev.ecsguardrail.rules;

import dev.ecsguardrail.cost.PriceTable;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every rule, in id order: the single list the evaluator, the README table and the tests use. */
public final class RuleCatalog {

  /** The rules run on each CreateService/UpdateService (and, later, on the sweep). */
  public static final List<Rule> SERVICE_RULES =
      List.of(
          new DeploymentControllerRule(),
          new AppProtocolMissingRule(),
          new PortNameRule(),
          new SidecarHeadroomRule(PriceTable.bundled()),
          new SidecarMemoryUnwatchableRule(PriceTable.bundled()),
          new WindowsRule(),
          new NamespaceRegionRule(),
          new AppMeshRule(),
          new HostNetworkRule(),
          new CloudMapTaskQuotaRule(),
          new ProxyCpuShareRule(PriceTable.bundled()),
          new ServiceConnectTlsRule(),
          new AccessLogWithoutLogConfigurationRule(),
          new AccessLogQueryParametersRule(PriceTable.bundled()),
          new ServiceConnectReplacementRule());

  /** The metadata of every rule id the product can report, sorted by id. */
  public static final List<RuleInfo> ALL =
      Stream.concat(
              SERVICE_RULES.stream().map(Rule::info),
              Stream.of(
                  UnevaluableEventRule.INFO,
                  PartialEvaluationRule.INFO,
                  OrphanedNamespaceRule.INFO,
                  SidecarMemoryAlarmRule.INFO))
          .sorted(Comparator.comparing(RuleInfo::id))
          .toList();

  private RuleCatalog() {}

  /**
   * Where a rule runs: the README's table and the rule's page say so. The service rules run on
   * every input that describes a service.
   */
  public static String runsOn(RuleInfo rule) {
    if (rule.equals(ServiceConnectReplacementRule.INFO)) {
      return "Terraform plans, template changes (--previous-template), hook requests: where a"
          + " replacement shows";
    }
    if (SERVICE_RULES.stream().anyMatch(r -> r.info().equals(rule))) {
      return "CreateService/UpdateService events, the weekly sweep, Terraform plans,"
          + " CloudFormation templates and hook requests";
    }
    if (rule.equals(PartialEvaluationRule.INFO)) {
      return "Terraform plans, CloudFormation templates and hook requests: a service a rule could"
          + " not run on";
    }
    if (rule.equals(OrphanedNamespaceRule.INFO)) {
      return "DeleteCluster events, the weekly sweep";
    }
    if (rule.equals(SidecarMemoryAlarmRule.INFO)) {
      return "proxy memory alarms of gRPC services";
    }
    return "every event the functions receive";
  }

  public static Optional<RuleInfo> info(String ruleId) {
    return ALL.stream().filter(r -> r.id().equals(ruleId)).findFirst();
  }
}
