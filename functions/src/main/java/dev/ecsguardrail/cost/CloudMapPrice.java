package dev.ecsguardrail.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a Cloud Map namespace left behind costs per month: its registered instances and, for a DNS
 * namespace, the Route 53 hosted zone behind it. An HTTP namespace with nothing in it costs $0.
 *
 * @param instanceMonth per registered instance; whether instances ECS registers are charged is not
 *     documented, so a figure that counts them is an estimate
 * @param hostedZoneMonth per hosted zone, at the rate of an account's first 25 zones (the later
 *     ones cost less: the figure is an upper bound)
 * @param note empty, or says that another Region's rates stand in
 */
public record CloudMapPrice(
    String region, BigDecimal instanceMonth, BigDecimal hostedZoneMonth, String note) {

  public BigDecimal namespaceMonthly(boolean hasHostedZone, int instances) {
    BigDecimal zone = hasHostedZone ? hostedZoneMonth : BigDecimal.ZERO;
    return instanceMonth
        .multiply(BigDecimal.valueOf(instances))
        .add(zone)
        .setScale(2, RoundingMode.HALF_UP);
  }
}
