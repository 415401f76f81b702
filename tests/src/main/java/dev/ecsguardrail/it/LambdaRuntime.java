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
 * the handler, and takes invocations over its HTTP API. No Docker. Another function's code (the
 * floor handler of {@code bench/run}) runs the same way, with the same JVM flags.
 */
final class LambdaRuntime implements AutoCloseable {

  private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
  private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");

  private final Process process;
  private final Path log;
  private final URI invoke;
  private final HttpClient http = HttpClient.newHttpClient();
  private boolean stopped;

  /** The shaded jar's handler. */
  LambdaRuntime(String handler, Map<String, String> environment) throws IOException {
    this(Project.SHADED_JAR, handler, environment);
  }

  /**
   * The handler of other code.
   *
   * @param code the function's code, a jar or a class directory: the classpath's first entry, in
   *     place of the shaded jar
   */
  LambdaRuntime(Path code, String handler, Map<String, String> environment) throws IOException {
    this(code, handler, environment, List.of());
  }

  /**
   * The same, with JVM flags after the common ones (an AOT cache, say).
   *
   * @param jvmFlags flags for the runtime's JVM, after the common ones
   */
  LambdaRuntime(Path code, String handler, Map<String, String> environment, List<String> jvmFlags)
      throws IOException {
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
        new ArrayList<>(
            List.of(
                rie.toString(),
                "--runtime-interface-emulator-address",
                "127.0.0.1:" + port,
                "--runtime-api-address",
                "127.0.0.1:" + runtimePort,
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-cp",
            classpath(code),
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            handler));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    process = builder.start();
    invoke = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
  }

  /**
   * The function's code first, then what Lambda's Java runtime brings: the runtime interface client
   * and its own dependencies (lambda-java-core, whose {@code RequestStreamHandler} the handler
   * implements, the serialization, utils-lite), from this JVM's classpath. The shaded jar has its
   * own copies of the first, so they shadow the runtime's, as on Lambda.
   */
  static String classpath(Path code) {
    List<String> runtime =
        List.of(
            "aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-core",
            "aws-lambda-java-serialization",
            "utils-lite");
    String ric =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(
                p ->
                    runtime.stream()
                        .anyMatch(a -> Path.of(p).getFileName().toString().startsWith(a + "-")))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    return code + java.io.File.pathSeparator + ric;
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

  /**
   * Ends the runtime's JVM alone (SIGTERM, as Lambda's shutdown) and waits for it, so that what the
   * JVM writes as it exits (an AOT cache, made by a child JVM) is complete before {@link #close}
   * stops the emulator, which would take the JVM and its child down with it.
   */
  void stopRuntime(Duration timeout) throws InterruptedException {
    stopped = true;
    List<ProcessHandle> runtimes =
        process
            .children()
            .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .toList();
    if (runtimes.isEmpty()) {
      throw new IllegalStateException("no runtime JVM under the emulator; see " + log);
    }
    for (ProcessHandle runtime : runtimes) {
      runtime.destroy();
      try {
        runtime.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("the runtime JVM did not exit in " + timeout, e);
      }
    }
  }

  /**
   * Stops the emulator and the runtime, and waits for them (the next one starts on a quiet CPU).
   */
  @Override
  public void close() {
    String exited = stopped ? null : exitedRuntime();
    List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
    processes.add(process.toHandle());
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    if (exited != null) {
      // The emulator starts a new runtime for the next event, so replies still come back: only
      // every invocation is a cold start. Seen once: a shrunk utils-lite in the jar.
      throw new IllegalStateException("the runtime JVM exited: " + exited + "; see " + log);
    }
  }

  /** The emulator's line saying the runtime exited, or {@code null}. */
  private String exitedRuntime() {
    try {
      return log().lines().filter(l -> l.contains("Runtime.ExitError")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
