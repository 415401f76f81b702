package dev.ecsguardrail.props;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * What a CreateService/UpdateService event cannot do without, read off EventParser and
 * ServiceConfigReader and written down independently of them: an event that lacks any of it must
 * come out not evaluable (EV001), never "evaluable, no findings".
 *
 * <ol>
 *   <li>the envelope is an object, {@code detail-type} is "AWS API Call via CloudTrail", {@code
 *       detail} an object, {@code detail.eventSource} "ecs.amazonaws.com" and {@code
 *       detail.eventName} CreateService or UpdateService;
 *   <li>the time: {@code detail.eventTime}, or when it is absent or null {@code time}, an ISO-8601
 *       instant string;
 *   <li>nothing in {@code requestParameters} or {@code responseElements} marked {@code "omitted":
 *       true} (CloudTrail's truncation);
 *   <li>{@code errorCode}, when present, a string; when absent (the call succeeded): {@code
 *       responseElements.service} an object naming the service ({@code serviceName}, else a
 *       non-blank {@code serviceArn});
 *   <li>{@code requestParameters}, when present, an object naming the service ({@code serviceName}
 *       for CreateService, {@code service} for UpdateService);
 *   <li>every {@code serviceConnectConfiguration} that is read (the request's, the PRIMARY
 *       deployment's) says {@code enabled} as a boolean;
 *   <li>for a successful call on a service with the ECS deployment controller: a PRIMARY deployment
 *       (where ECS reports the Service Connect configuration in force) and a task definition (the
 *       PRIMARY deployment's, else the service's).
 * </ol>
 *
 * A wrong type anywhere the parser reads also makes the event unevaluable; that is checked per
 * mutation ({@link #typedPaths}), not here.
 */
public final class RequiredFields {

  static final String CLOUDTRAIL = "AWS API Call via CloudTrail";

  private RequiredFields() {}

  /** The first requirement the envelope breaks, or empty. */
  public static Optional<String> violation(JsonNode envelope) {
    if (envelope == null) {
      return Optional.of("not JSON");
    }
    if (!envelope.isObject()) {
      return Optional.of("not an object");
    }
    if (!CLOUDTRAIL.equals(textOrNull(envelope.get("detail-type")))) {
      return Optional.of("detail-type");
    }
    JsonNode detail = envelope.get("detail");
    if (detail == null || !detail.isObject()) {
      return Optional.of("detail");
    }
    if (!"ecs.amazonaws.com".equals(textOrNull(detail.get("eventSource")))) {
      return Optional.of("eventSource");
    }
    String eventName = textOrNull(detail.get("eventName"));
    boolean create = "CreateService".equals(eventName);
    if (!create && !"UpdateService".equals(eventName)) {
      return Optional.of("eventName");
    }
    JsonNode time =
        absentOrNull(detail.get("eventTime")) ? envelope.get("time") : detail.get("eventTime");
    if (!isInstant(time)) {
      return Optional.of("eventTime/time");
    }
    if (omitted(detail.get("requestParameters")) || omitted(detail.get("responseElements"))) {
      return Optional.of("omitted");
    }
    JsonNode errorCode = detail.get("errorCode");
    if (!absentOrNull(errorCode) && !errorCode.isTextual()) {
      return Optional.of("errorCode type");
    }
    boolean failed = !absentOrNull(errorCode);
    JsonNode request = detail.get("requestParameters");
    if (!absentOrNull(request)) {
      if (!request.isObject() || !request.path(create ? "serviceName" : "service").isTextual()) {
        return Optional.of("requestParameters");
      }
      if (!serviceConnectSaysEnabled(request.get("serviceConnectConfiguration"))) {
        return Optional.of("requestParameters.serviceConnectConfiguration.enabled");
      }
    }
    if (!failed) {
      JsonNode response = detail.get("responseElements");
      JsonNode service = response == null || !response.isObject() ? null : response.get("service");
      if (service == null || !service.isObject()) {
        return Optional.of("responseElements.service");
      }
      JsonNode name = service.get("serviceName");
      boolean named =
          absentOrNull(name)
              ? service.path("serviceArn").isTextual()
                  && !service.get("serviceArn").asText().isBlank()
              : name.isTextual();
      if (!named) {
        return Optional.of("responseElements.service name");
      }
      JsonNode controller = service.path("deploymentController").path("type");
      boolean ecsController = !controller.isTextual() || "ECS".equals(controller.asText());
      JsonNode primary = primaryDeployment(service);
      if (ecsController && primary == null) {
        return Optional.of("PRIMARY deployment");
      }
      if (primary != null
          && !serviceConnectSaysEnabled(primary.get("serviceConnectConfiguration"))) {
        return Optional.of("PRIMARY deployment serviceConnectConfiguration.enabled");
      }
      if (ecsController
          && !primary.path("taskDefinition").isTextual()
          && !service.path("taskDefinition").isTextual()) {
        return Optional.of("task definition");
      }
    }
    return Optional.empty();
  }

  /** The first deployment whose status is the string PRIMARY, when deployments is an array. */
  static JsonNode primaryDeployment(JsonNode service) {
    JsonNode deployments = service.get("deployments");
    if (deployments == null || !deployments.isArray()) {
      return null;
    }
    for (JsonNode d : deployments) {
      if (d.isObject() && "PRIMARY".equals(textOrNull(d.get("status")))) {
        return d;
      }
    }
    return null;
  }

  private static boolean serviceConnectSaysEnabled(JsonNode sc) {
    return absentOrNull(sc) || !sc.isObject() || sc.path("enabled").isBoolean();
  }

  /**
   * Fields the parser reads with a type: a value of another type there (not null, not absent) must
   * make the event unevaluable. Relative to the envelope; {@code *} is any array index.
   */
  static final Set<String> TYPED_PATHS =
      Set.of(
          "/detail",
          "/detail-type",
          "/detail/eventName",
          "/detail/eventSource",
          "/detail/eventTime",
          "/detail/errorCode",
          "/detail/errorMessage",
          "/detail/requestParameters",
          "/detail/responseElements",
          "/detail/userIdentity",
          "/detail/userIdentity/arn",
          "/detail/userAgent",
          "/detail/sourceIPAddress",
          "/detail/responseElements/service",
          "/detail/responseElements/service/serviceName",
          "/detail/responseElements/service/clusterArn",
          "/detail/responseElements/service/serviceArn",
          // service.taskDefinition is read only when the PRIMARY deployment names none
          "/detail/responseElements/service/desiredCount",
          "/detail/responseElements/service/launchType",
          "/detail/responseElements/service/deploymentController",
          "/detail/responseElements/service/deploymentConfiguration",
          "/detail/responseElements/service/deployments",
          "/detail/responseElements/service/deployments/*",
          "/detail/responseElements/service/serviceRegistries",
          "/detail/requestParameters/cluster",
          "/detail/requestParameters/taskDefinition",
          "/detail/requestParameters/desiredCount",
          "/detail/requestParameters/launchType",
          "/detail/requestParameters/deploymentController",
          "/detail/requestParameters/serviceConnectConfiguration",
          "/detail/requestParameters/serviceConnectConfiguration/enabled",
          "/detail/requestParameters/serviceConnectConfiguration/namespace",
          "/detail/requestParameters/serviceConnectConfiguration/services",
          "/detail/requestParameters/serviceRegistries");

  /**
   * Whether a mutation gave a typed field a value of another type: a string field a number, an
   * object field an array, and so on (not null, which reads as absent).
   */
  static boolean retyped(String pointer, JsonNode before, JsonNode after) {
    String general = pointer.replaceAll("/\\d+(?=/|$)", "/*");
    if (!TYPED_PATHS.contains(general) || absentOrNull(before)) {
      // Absent or null before (a failed call's responseElements): no type to compare with.
      return false;
    }
    if (after == null || after.isMissingNode() || after.isNull()) {
      return false;
    }
    return before.getNodeType() != after.getNodeType()
        || (before.isNumber() && !(after.isIntegralNumber() && after.canConvertToInt()));
  }

  private static boolean omitted(JsonNode node) {
    if (node == null || !node.isContainerNode()) {
      return false;
    }
    if (node.isObject() && node.path("omitted").asBoolean(false)) {
      return true;
    }
    for (JsonNode child : node) {
      if (omitted(child)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInstant(JsonNode time) {
    if (time == null || !time.isTextual()) {
      return false;
    }
    try {
      Instant.parse(time.asText());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean absentOrNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** The event id the product must carry: {@code detail.eventID}, else {@code id}, else unknown. */
  static String expectedEventId(JsonNode envelope) {
    if (envelope == null || !envelope.isObject()) {
      return "unknown";
    }
    JsonNode detail = envelope.get("detail");
    if (detail != null && detail.path("eventID").isTextual()) {
      return detail.get("eventID").asText();
    }
    return envelope.path("id").isTextual() ? envelope.get("id").asText() : "unknown";
  }
}
