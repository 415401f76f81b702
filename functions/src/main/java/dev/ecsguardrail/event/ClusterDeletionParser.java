package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.requiredObject;
import static dev.ecsguardrail.json.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;

/** Reads the CloudTrail record of a DeleteCluster call. Strict, like {@link EventParser}. */
public final class ClusterDeletionParser {

  public static final String EVENT_NAME = "DeleteCluster";

  private ClusterDeletionParser() {}

  /** Whether an envelope is a DeleteCluster record (and so belongs to this parser). */
  public static boolean isClusterDeletion(JsonNode envelope) {
    return envelope != null
        && EVENT_NAME.equals(envelope.path("detail").path("eventName").asText());
  }

  /**
   * @throws MalformedEventException naming the event id and what is wrong
   */
  public static ClusterDeletion parse(JsonNode envelope) {
    String eventId = EventParser.eventId(envelope);
    try {
      return read(envelope, eventId);
    } catch (MalformedEventException e) {
      throw new MalformedEventException("event " + eventId + ": " + e.getMessage());
    }
  }

  private static ClusterDeletion read(JsonNode envelope, String eventId) {
    JsonNode detail = requiredObject(envelope, "detail", "$");
    if (!EVENT_NAME.equals(text(detail, "eventName", "detail"))) {
      throw new MalformedEventException("not a DeleteCluster call");
    }
    String errorCode = text(detail, "errorCode", "detail");
    String clusterArn = null;
    String clusterName = null;
    String namespace = null;
    if (errorCode == null) {
      JsonNode response = requiredObject(detail, "responseElements", "detail");
      JsonNode cluster = requiredObject(response, "cluster", "detail.responseElements");
      String path = "detail.responseElements.cluster";
      clusterArn = text(cluster, "clusterArn", path);
      clusterName = text(cluster, "clusterName", path);
      if (clusterName == null && clusterArn == null) {
        throw new MalformedEventException(path + " names no cluster (clusterName, clusterArn)");
      }
      if (clusterName == null) {
        clusterName = clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
      }
      JsonNode defaults = object(cluster, "serviceConnectDefaults", path);
      namespace =
          defaults == null ? null : text(defaults, "namespace", path + ".serviceConnectDefaults");
      if (namespace != null && namespace.isBlank()) {
        namespace = null;
      }
    }
    return new ClusterDeletion(
        eventId,
        EventParser.eventTime(envelope, detail),
        EventParser.firstText(envelope, "account", detail, "recipientAccountId"),
        EventParser.firstText(envelope, "region", detail, "awsRegion"),
        clusterArn,
        clusterName,
        namespace,
        CallerReader.read(detail),
        errorCode);
  }
}
