package dev.ecsguardrail.model;

import java.time.Instant;

/**
 * The API call an evaluation is about, as every output shows it.
 *
 * @param eventName {@code CreateService}, {@code DeleteCluster}, ...
 * @param resource what the call was about ({@code cluster/service}, the cluster); {@code null} when
 *     the event does not say
 */
public record Call(
    String eventName,
    Instant eventTime,
    String account,
    String region,
    Caller caller,
    String resource) {}
