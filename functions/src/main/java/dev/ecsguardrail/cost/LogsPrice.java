package dev.ecsguardrail.cost;

import java.math.BigDecimal;

/**
 * What CloudWatch Logs charges to take in log data (Standard log class), per GB.
 *
 * @param note empty, or says that another Region's rates stand in
 */
public record LogsPrice(String region, BigDecimal ingestionPerGb, String note) {}
