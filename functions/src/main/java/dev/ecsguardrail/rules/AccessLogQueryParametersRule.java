package dev.ecsguardrail.rules;

import dev.ecsguardrail.cost.LogsPrice;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.ServiceAspect;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/** SC014: Service Connect access logs that record URLs with their query strings. */
public final class AccessLogQueryParametersRule implements Rule {

  public static final RuleInfo INFO =
      new RuleInfo(
          "SC014",
          "Service Connect access logs include query strings",
          Severity.MEDIUM,
          "With accessLogConfiguration.includeQueryParameters ENABLED the proxy logs every request's"
              + " full URL: tokens, session ids and personal data passed in query strings land in"
              + " CloudWatch Logs, readable by whoever can read the log group, kept for its"
              + " retention, and paid for per GB ingested.",
          "Set includeQueryParameters to DISABLED (the default) unless the query strings are known"
              + " to carry nothing sensitive; if they must be logged, restrict the log group's"
              + " readers, set a short retention, or add a CloudWatch Logs data protection policy.",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-envoy-access-logs.html");

  private final PriceTable prices;

  public AccessLogQueryParametersRule(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public Set<ServiceAspect> dependsOn() {
    return Set.of(ServiceAspect.SERVICE_CONNECT);
  }

  @Override
  public List<Finding> evaluate(ServiceSubject service) {
    var sc = service.config().serviceConnect();
    if (!sc.enabled() || sc.accessLog() == null || !sc.accessLog().queryParametersIncluded()) {
      return List.of();
    }
    LogsPrice logs = prices.logs(service.region());
    return List.of(
        INFO.finding(
            service.resource(),
            "serviceConnectConfiguration.accessLogConfiguration.includeQueryParameters",
            "Service Connect access logs record query strings (includeQueryParameters ENABLED):"
                + " whatever a URL carries is written to CloudWatch Logs, at $"
                + logs.ingestionPerGb().setScale(2, RoundingMode.HALF_UP).toPlainString()
                + " per GB ingested in "
                + logs.region()
                + logs.note()
                + "."));
  }
}
