package dev.ecsguardrail.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A stand-in for Slack's incoming-webhook endpoint on a loopback port (there is no Slack emulator):
 * answers each POST with the next scripted reply (the last one repeats) and records what it got.
 */
final class FakeSlack implements AutoCloseable {

  /** One scripted answer: status, body, headers, and how long to wait before answering. */
  record Reply(int status, String body, Map<String, String> headers, Duration delay) {

    static Reply ok() {
      return new Reply(200, "ok", Map.of(), Duration.ZERO);
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    static Reply tooManyRequests(String retryAfter) {
      return new Reply(429, "rate_limited", Map.of("Retry-After", retryAfter), Duration.ZERO);
    }

    static Reply slow(Duration delay) {
      return new Reply(200, "ok", Map.of(), delay);
    }
  }

  /** One request as received. */
  record Received(String path, String contentType, String body) {}

  private final HttpServer server;
  private final BlockingDeque<Reply> replies = new LinkedBlockingDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  FakeSlack(Reply... script) throws IOException {
    replies.addAll(List.of(script));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // A thread per request: a deliberately slow answer must not hold up the retry behind it.
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  /** The webhook URL for a path under this server, e.g. {@code /services/T1/B1/secret}. */
  WebhookUrl url(String path) {
    return new WebhookUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      received.add(
          new Received(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      Reply reply = replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
      Thread.sleep(reply.delay());
      reply.headers().forEach(exchange.getResponseHeaders()::add);
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGaveUp) {
      // The client timed out and closed the connection: expected for slow replies.
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
