package dev.ecsguardrail.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shaded jar running as a Lambda: the AWS Lambda Runtime Interface Emulator ({@code
 * aws-lambda-rie}, installed by {@code go install}) starts the Java runtime interface client with
 * the handler, and takes invocations over its HTTP API. No Docker.
 */
final class LambdaRuntime implements AutoCloseable {

  private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
  private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");

  private final Process process;
  private final Path log;
  private final URI invoke;
  private final HttpClient http = HttpClient.newHttpClient();

  LambdaRuntime(String handler, Map<String, String> environment) throws IOException {
    Path rie =
        Project.tool(
            "AWS_LAMBDA_RIE",
            Project.ROOT.resolve(".tools/bin/aws-lambda-rie"),
            Path.of(System.getProperty("user.home"), "go/bin/aws-lambda-rie"));
    int port = Emulator.freePort();
    int runtimePort = Emulator.freePort();
    String java = ProcessHandle.current().info().command().orElseThrow();
    log = Files.createTempFile(Project.ROOT.resolve("tests/target"), "rie-", ".log");
    List<String> command =
        List.of(
            rie.toString(),
            "--runtime-interface-emulator-address",
            "127.0.0.1:" + port,
            "--runtime-api-address",
            "127.0.0.1:" + runtimePort,
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classpath(),
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            handler);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    process = builder.start();
    invoke = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
  }

  /** The shaded jar first, then the runtime interface client and its own dependencies. */
  private static String classpath() {
    String ric =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(
                p ->
                    p.contains("aws-lambda-java-runtime-interface-client")
                        || p.contains("aws-lambda-java-serialization"))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    return Project.SHADED_JAR + java.io.File.pathSeparator + ric;
  }

  /** Invokes the function with one event and returns its response body. */
  String invoke(byte[] event) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return http.send(
                HttpRequest.newBuilder(invoke)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
      } catch (java.net.ConnectException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the runtime emulator is not answering; see " + log, e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** The emulator's log so far (the REPORT lines carry Init Duration and Duration). */
  String log() throws IOException {
    return Files.readString(log);
  }

  /** The Init Duration of the first invocation, in ms, or -1 when not yet reported. */
  double initDurationMs() throws IOException {
    Matcher m = INIT.matcher(log());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Every invocation's Duration, in ms, in order. */
  List<Double> durationsMs() throws IOException {
    Matcher m = DURATION.matcher(log());
    List<Double> durations = new ArrayList<>();
    while (m.find()) {
      durations.add(Double.parseDouble(m.group(1)));
    }
    return durations;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }
}
