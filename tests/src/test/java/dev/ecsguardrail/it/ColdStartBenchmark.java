package dev.ecsguardrail.it;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints cold-start and warm figures of the service-change Lambda under the runtime interface
 * emulator, against moto: N fresh processes (init, first invoke), then W events to one warm
 * process. A program, not a test: the numbers are quoted, never asserted. Run: bench/cold-start.
 */
public final class ColdStartBenchmark {

  private static final String HANDLER =
      "dev.ecsguardrail.handler.ServiceChangeHandler::handleRequest";

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int coldStarts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int warmEvents = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<Double> init = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      byte[] event =
          fleet.localize(Project.EVENTS.resolve("create-service-sc-no-app-protocol.json"));
      for (int i = 0; i < coldStarts; i++) {
        try (LambdaRuntime lambda =
            new LambdaRuntime(
                HANDLER,
                FunctionEnvironments.environment(
                    FunctionEnvironments.Function.SERVICE_CHANGE,
                    fleet,
                    FunctionEnvironments.defaultCredentials()))) {
          lambda.invoke(Fleet.withEventId(event, "cold-" + i));
          init.add(lambda.initDurationMs());
          first.add(lambda.durationsMs().getFirst());
        }
      }
      try (LambdaRuntime lambda =
          new LambdaRuntime(
              HANDLER,
              FunctionEnvironments.environment(
                  FunctionEnvironments.Function.SERVICE_CHANGE,
                  fleet,
                  FunctionEnvironments.defaultCredentials()))) {
        for (int i = 0; i <= warmEvents; i++) {
          // A new event id each time: a redelivery would only measure the duplicate check.
          lambda.invoke(Fleet.withEventId(event, "warm-" + i));
        }
        warm.addAll(lambda.durationsMs().subList(1, warmEvents + 1));
      }
      fleet.delivered(Integer.MAX_VALUE, java.time.Duration.ofSeconds(2));
    }
    System.out.printf(
        "RESULT function=service-change jar_mb=%.1f cold_starts=%d init_ms_median=%.0f"
            + " first_invoke_ms_median=%.0f warm_events=%d warm_p50_ms=%.1f warm_p99_ms=%.1f%n",
        Files.size(Project.SHADED_JAR) / 1048576.0,
        coldStarts,
        percentile(init, 50),
        percentile(first, 50),
        warmEvents,
        percentile(warm, 50),
        percentile(warm, 99));
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
