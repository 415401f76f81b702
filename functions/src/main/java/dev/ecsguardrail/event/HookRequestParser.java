package dev.ecsguardrail.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.HookRequest;

/**
 * Reads a CloudFormation Lambda hook request (the hooks user guide, "lambda-hooks-create-lambda-
 * function"). Missing optional keys are tolerated; what the check needs (the target's name and
 * properties) is required, so a damaged request is refused with the path of what is wrong.
 */
public final class HookRequestParser {

  /**
   * Larger than any resource a CloudFormation template can hold (1 MB for the whole template): a
   * request this big is refused, not parsed.
   */
  public static final int MAX_BYTES = 1_000_000;

  private HookRequestParser() {}

  /**
   * The request's bytes, read.
   *
   * @throws MalformedEventException when they are too many, not JSON, or not a hook request
   */
  public static HookRequest read(byte[] raw) {
    if (raw.length > MAX_BYTES) {
      throw new MalformedEventException(
          "the hook request is "
              + raw.length
              + " bytes, more than a CloudFormation resource can hold: refused");
    }
    return parse(StrictJson.parse(raw, "the hook request"));
  }

  /** A hook request, not an EventBridge event: {@code requestData} and the hook's own keys. */
  public static boolean isHookRequest(JsonNode envelope) {
    return envelope != null
        && envelope.isObject()
        && !envelope.has("detail-type")
        && (envelope.has("requestData")
            || envelope.has("actionInvocationPoint")
            || envelope.has("hookTypeName"));
  }

  /** The token to echo, even from a request that cannot be read otherwise. */
  public static String token(JsonNode envelope) {
    if (envelope == null) {
      return "";
    }
    // The guide's samples spell it both ways.
    JsonNode token =
        envelope.has("clientRequestToken")
            ? envelope.get("clientRequestToken")
            : envelope.path("clientRequesttoken");
    return token.isTextual() ? token.asText() : "";
  }

  /**
   * @throws MalformedEventException naming the field that is missing or of the wrong type
   */
  public static HookRequest parse(JsonNode envelope) {
    if (envelope == null || !envelope.isObject()) {
      throw new MalformedEventException("the hook request is not a JSON object");
    }
    JsonNode data = StrictJson.requiredObject(envelope, "requestData", "request");
    String targetName = StrictJson.requiredText(data, "targetName", "request.requestData");
    JsonNode model = StrictJson.requiredObject(data, "targetModel", "request.requestData");
    JsonNode properties =
        StrictJson.requiredObject(model, "resourceProperties", "request.requestData.targetModel");
    if (properties.isEmpty()) {
      throw new MalformedEventException(
          "request.requestData.targetModel.resourceProperties is empty");
    }
    JsonNode previous =
        StrictJson.object(model, "previousResourceProperties", "request.requestData.targetModel");
    return new HookRequest(
        token(envelope),
        StrictJson.text(envelope, "awsAccountId", "request"),
        StrictJson.text(envelope, "stackId", "request"),
        StrictJson.text(envelope, "actionInvocationPoint", "request"),
        targetName,
        StrictJson.text(data, "targetLogicalId", "request.requestData"),
        properties,
        previous);
  }
}
