package dev.ecsguardrail.event;

import static dev.ecsguardrail.json.StrictJson.object;
import static dev.ecsguardrail.json.StrictJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.model.Caller;
import java.util.List;
import java.util.Locale;

/** Who made the call ({@code userIdentity}) and with which tool (user agent, source address). */
final class CallerReader {

  /** User-agent fragments (lower case) and the tool they reveal; first match wins. */
  private static final List<String[]> TOOLS =
      List.of(
          new String[] {"terraform", "Terraform"},
          new String[] {"pulumi", "Pulumi"},
          new String[] {"cloudformation.amazonaws.com", "CloudFormation"},
          new String[] {"copilot", "AWS Copilot"},
          new String[] {"console.amazonaws.com", "console"},
          new String[] {"aws internal", "console"},
          new String[] {"aws-cli/", "AWS CLI"},
          new String[] {"ecs-guardrail", "ecs-guardrail"},
          new String[] {"boto3/", "SDK (Python)"},
          new String[] {"aws-sdk-java", "SDK (Java)"},
          new String[] {"aws-sdk-go", "SDK (Go)"},
          new String[] {"aws-sdk-js", "SDK (JavaScript)"});

  private CallerReader() {}

  static Caller read(JsonNode detail) {
    JsonNode identity = object(detail, "userIdentity", "detail");
    String principal = null;
    if (identity != null) {
      principal = text(identity, "arn", "detail.userIdentity");
      if (principal == null) {
        principal = text(identity, "invokedBy", "detail.userIdentity");
      }
      if (principal == null) {
        principal = text(identity, "type", "detail.userIdentity");
      }
    }
    String agent = text(detail, "userAgent", "detail");
    String source = text(detail, "sourceIPAddress", "detail");
    return new Caller(principal == null ? "unknown" : principal, tool(agent, source));
  }

  static String tool(String userAgent, String sourceAddress) {
    String haystack = ((userAgent == null ? "" : userAgent) + " " + nullToEmpty(sourceAddress));
    String lower = haystack.toLowerCase(Locale.ROOT);
    for (String[] tool : TOOLS) {
      if (lower.contains(tool[0])) {
        return tool[1];
      }
    }
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    // An agent we do not know: its first product token is still more useful than nothing.
    return userAgent.strip().split("[\\s/]", 2)[0];
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
