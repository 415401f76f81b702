package dev.ecsguardrail.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The AWS endpoint the integration tests talk to. With {@code AWS_ENDPOINT_URL} set (LocalStack,
 * another emulator) that one, with credentials from the environment; otherwise a moto server from
 * the project's virtualenv, started once on a free loopback port and stopped with the JVM.
 */
final class Emulator {

  static final String REGION =
      System.getenv()
          .getOrDefault(
              "AWS_REGION", System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));

  private static URI endpoint;
  private static boolean moto;

  private Emulator() {}

  static synchronized URI endpoint() {
    if (endpoint == null) {
      String configured = System.getenv("AWS_ENDPOINT_URL");
      if (configured != null && !configured.isBlank()) {
        endpoint = URI.create(configured);
      } else {
        endpoint = startMoto();
        moto = true;
      }
    }
    return endpoint;
  }

  /** Whether the tests run on the embedded moto server (which they may reset). */
  static boolean isMoto() {
    endpoint();
    return moto;
  }

  private static URI startMoto() {
    Path server = Project.tool("MOTO_SERVER", Project.VENV_BIN.resolve("moto_server"));
    int port = freePort();
    try {
      Process process =
          new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(Project.ROOT.resolve("tests/target/moto.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      URI uri = URI.create("http://127.0.0.1:" + port);
      awaitUp(uri, process);
      // moto accepts any credentials; the SDK's default chain reads these system properties.
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
      return uri;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + server, e);
    }
  }

  private static void awaitUp(URI uri, Process process) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto server exited; see tests/target/moto.log");
      }
      try {
        http.send(
            HttpRequest.newBuilder(uri.resolve("/moto-api/")).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        sleep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("moto server did not start within 60 s on " + uri);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Empties the embedded moto server (no-op on another endpoint, whose state is not ours). */
  static void resetMoto() {
    if (!isMoto()) {
      return;
    }
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("POST /moto-api/reset answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
