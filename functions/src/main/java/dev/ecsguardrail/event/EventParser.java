package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.requiredObject;
import static dev.ecsguardrail.json.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceAspect;
import dev.ecsguardrail.model.ServiceConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns an EventBridge "AWS API Call via CloudTrail" envelope into a {@link ParsedEvent}. Never
 * throws: whatever cannot be read becomes {@link Unevaluable} with the event id and the reason.
 */
public final class EventParser {

  static final String UNKNOWN_ID = "unknown";
  private static final String CLOUDTRAIL = "AWS API Call via CloudTrail";

  /** Request fields of UpdateService and the aspect each one changes. */
  private static final Map<String, ServiceAspect> UPDATE_FIELDS =
      Map.of(
          "serviceConnectConfiguration", ServiceAspect.SERVICE_CONNECT,
          "taskDefinition", ServiceAspect.TASK_DEFINITION,
          "deploymentController", ServiceAspect.DEPLOYMENT_CONTROLLER,
          "deploymentConfiguration", ServiceAspect.DEPLOYMENT_CONTROLLER,
          "serviceRegistries", ServiceAspect.SERVICE_REGISTRIES,
          "desiredCount", ServiceAspect.DESIRED_COUNT,
          "launchType", ServiceAspect.CAPACITY,
          "capacityProviderStrategy", ServiceAspect.CAPACITY);

  private EventParser() {}

  public static ParsedEvent parse(byte[] event) {
    try {
      return parse(StrictJson.parse(event, "the event"));
    } catch (MalformedEventException e) {
      return new Unevaluable(UNKNOWN_ID, e.getMessage());
    }
  }

  /** The same, for an envelope already read into a tree. */
  public static ParsedEvent parse(JsonNode envelope) {
    if (!envelope.isObject()) {
      return new Unevaluable(UNKNOWN_ID, "the event should be a JSON object");
    }
    String eventId = eventId(envelope);
    try {
      return parse(envelope, eventId);
    } catch (MalformedEventException e) {
      return new Unevaluable(eventId, e.getMessage());
    }
  }

  static String eventId(JsonNode envelope) {
    JsonNode detail = envelope.get("detail");
    if (detail != null && detail.path("eventID").isTextual()) {
      return detail.get("eventID").asText();
    }
    return envelope.path("id").isTextual() ? envelope.get("id").asText() : UNKNOWN_ID;
  }

  private static ParsedEvent parse(JsonNode envelope, String eventId) {
    String detailType = text(envelope, "detail-type", "$");
    JsonNode detail = requiredObject(envelope, "detail", "$");
    String eventName = text(detail, "eventName", "detail");
    if (!CLOUDTRAIL.equals(detailType)
        || !"ecs.amazonaws.com".equals(text(detail, "eventSource", "detail"))) {
      return new Unevaluable(
          eventId,
          "not an ECS CloudTrail API call (detail-type '"
              + detailType
              + "', eventSource '"
              + detail.path("eventSource").asText("")
              + "')");
    }
    boolean create = "CreateService".equals(eventName);
    if (!create && !"UpdateService".equals(eventName)) {
      return new Unevaluable(eventId, "unsupported ECS call '" + eventName + "'");
    }
    String omitted = omittedField(detail);
    if (omitted != null) {
      return new Unevaluable(
          eventId, "CloudTrail omitted " + omitted + " (over its size limit): cannot be evaluated");
    }
    String errorCode = text(detail, "errorCode", "detail");
    JsonNode request = object(detail, "requestParameters", "detail");
    JsonNode response = object(detail, "responseElements", "detail");
    ServiceConfig requested =
        request == null
            ? null
            : ServiceConfigReader.fromRequest(request, "detail.requestParameters", create);
    ServiceConfig result = null;
    if (errorCode == null) {
      JsonNode service =
          response == null ? null : object(response, "service", "detail.responseElements");
      if (service == null) {
        throw new MalformedEventException(
            "detail.responseElements.service is missing for a successful " + eventName);
      }
      result = ServiceConfigReader.fromResponse(service, "detail.responseElements.service");
      requireWhatEcsAlwaysAnswers(service, result);
    }
    if (requested == null && errorCode == null && !create) {
      // What an UpdateService changed is read from its request: without one it would pass as a
      // call that changed nothing, and no rule would look at it.
      throw new MalformedEventException(
          "detail.requestParameters is missing: cannot tell what the UpdateService changed");
    }
    return new ServiceChange(
        eventId,
        eventTime(envelope, detail),
        firstText(envelope, "account", detail, "recipientAccountId"),
        firstText(envelope, "region", detail, "awsRegion"),
        eventName,
        CallerReader.read(detail),
        requested,
        result,
        errorCode,
        text(detail, "errorMessage", "detail"),
        create ? EnumSet.allOf(ServiceAspect.class) : changedAspects(request));
  }

  /**
   * A service with the ECS deployment controller always has a PRIMARY deployment (where ECS reports
   * the Service Connect configuration in force) and a task definition. Without them the reader
   * would take Service Connect as off and skip every task-definition rule: a damaged record would
   * pass as compliant.
   */
  private static void requireWhatEcsAlwaysAnswers(JsonNode service, ServiceConfig result) {
    if (!"ECS".equals(result.controllerType())) {
      return; // CODE_DEPLOY and EXTERNAL services report task sets, not deployments
    }
    boolean primary = false;
    for (JsonNode deployment : service.path("deployments")) {
      primary |= "PRIMARY".equals(deployment.path("status").asText(null));
    }
    if (!primary) {
      throw new MalformedEventException(
          "detail.responseElements.service.deployments has no PRIMARY deployment: the Service"
              + " Connect configuration in force is unknown");
    }
    if (result.taskDefinition() == null) {
      throw new MalformedEventException("detail.responseElements.service names no task definition");
    }
  }

  private static Set<ServiceAspect> changedAspects(JsonNode request) {
    Set<ServiceAspect> changed = EnumSet.noneOf(ServiceAspect.class);
    if (request != null) {
      UPDATE_FIELDS.forEach(
          (field, aspect) -> {
            if (request.hasNonNull(field)) {
              changed.add(aspect);
            }
          });
      if (request.path("forceNewDeployment").asBoolean(false)) {
        // A forced deployment with a family-only task definition can pick up a new revision.
        changed.add(ServiceAspect.TASK_DEFINITION);
      }
    }
    return changed;
  }

  /** Uses {@code detail.eventTime}: timestamps inside {@code responseElements} are opaque. */
  static Instant eventTime(JsonNode envelope, JsonNode detail) {
    String time = text(detail, "eventTime", "detail");
    String path = "detail.eventTime";
    if (time == null) {
      time = text(envelope, "time", "$");
      path = "time";
    }
    if (time == null) {
      throw new MalformedEventException("detail.eventTime is missing");
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new MalformedEventException(path + " '" + time + "' is not an ISO-8601 instant");
    }
  }

  static String firstText(JsonNode a, String fieldA, JsonNode b, String fieldB) {
    String value = text(a, fieldA, "$");
    return value != null ? value : text(b, fieldB, "detail");
  }

  /** The path of the first field CloudTrail marked {@code "omitted": true}, or {@code null}. */
  private static String omittedField(JsonNode detail) {
    for (String field : new String[] {"requestParameters", "responseElements"}) {
      String found = omitted(detail.get(field), "detail." + field);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String omitted(JsonNode node, String path) {
    if (node == null || !node.isContainerNode()) {
      return null;
    }
    if (node.isObject() && node.path("omitted").asBoolean(false)) {
      return path;
    }
    int index = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String found = omitted(e.getValue(), path + "." + e.getKey());
      if (found != null) {
        return found;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        String found = omitted(element, path + "[" + index++ + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
