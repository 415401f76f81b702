package dev.ecsguardrail.event;

import dev.ecsguardrail.model.Caller;
import java.time.Instant;

/**
 * A DeleteCluster call, as CloudTrail recorded it.
 *
 * @param namespace {@code responseElements.cluster.serviceConnectDefaults.namespace} (an ARN);
 *     {@code null} when the cluster had no Service Connect default
 * @param errorCode set when the call failed: then nothing was deleted
 */
public record ClusterDeletion(
    String eventId,
    Instant eventTime,
    String account,
    String region,
    String clusterArn,
    String clusterName,
    String namespace,
    Caller caller,
    String errorCode) {

  public boolean failed() {
    return errorCode != null;
  }
}
