package dev.ecsguardrail.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What CloudWatch alarms cost per month: per standard-resolution alarm metric. The first {@code
 * freeAlarmMetrics} of an account are free, but other alarms may use them up: figures are at the
 * list price (an upper bound).
 *
 * @param note empty, or says that another Region's rates stand in
 */
public record AlarmPrice(
    String region, BigDecimal alarmMetricMonth, int freeAlarmMetrics, String note) {

  public BigDecimal monthly(int alarms) {
    return alarmMetricMonth.multiply(BigDecimal.valueOf(alarms)).setScale(2, RoundingMode.HALF_UP);
  }
}
