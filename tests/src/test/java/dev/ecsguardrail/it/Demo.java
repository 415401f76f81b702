package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.json.StrictJson;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/ecs-guardrail demo}: moto server on a free port, a small seeded fleet, every sample
 * event through the Lambda (the shaded jar under the runtime interface emulator), then what would
 * be alerted and what SNS actually delivered.
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "AWS endpoint: " + Emulator.endpoint() + (Emulator.isMoto() ? " (moto)" : ""));
    try (Fleet fleet = new Fleet(Emulator.endpoint());
        LambdaRuntime lambda =
            new LambdaRuntime(
                Function.SERVICE_CHANGE.handler,
                FunctionEnvironments.environment(
                    Function.SERVICE_CHANGE, fleet, FunctionEnvironments.defaultCredentials()))) {
      System.out.println("Seeded clusters prod (Container Insights enhanced) and staging (off),");
      System.out.println("the task definitions of events/taskdefs, topic " + fleet.topicArn);
      System.out.println();
      int notifying = 0;
      for (Path event : Project.events()) {
        JsonNode result =
            StrictJson.parse(lambda.invoke(fleet.localize(event)).getBytes(), event.toString());
        System.out.println("== " + event.getFileName());
        if (!result.get("evaluable").asBoolean()) {
          System.out.println("   not evaluable: " + result.get("reason").asText());
        }
        for (JsonNode f : result.get("findings")) {
          System.out.printf(
              "   %-6s %s%s %s%n",
              f.get("severity").asText(),
              f.get("ruleId").asText(),
              f.get("rejectedByEcs").asBoolean() ? " (rejected by ECS)" : "",
              f.get("message").asText());
        }
        if (result.get("findings").isEmpty() && result.get("evaluable").asBoolean()) {
          System.out.println("   no findings");
        }
        if (!result.get("findings").isEmpty() || !result.get("evaluable").asBoolean()) {
          notifying++;
        }
      }
      System.out.println();
      System.out.println("Delivered by SNS to the subscribed queue:");
      for (JsonNode message : fleet.delivered(notifying, Duration.ofSeconds(30))) {
        System.out.println("   " + message.get("Subject").asText());
      }
      System.out.printf(
          "Lambda init %.0f ms (runtime interface emulator)%n", lambda.initDurationMs());
    }
  }
}
