package dev.ecsguardrail.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of the emulator that counts every AWS call by service and operation,
 * whoever makes it: the same count for a Java SDK client and for boto3 (a peer tool), so a
 * comparison of calls does not depend on either side's own instrumentation. The service is the
 * SigV4 credential scope's; the operation the {@code X-Amz-Target} suffix (JSON protocols), the
 * {@code /operation/} path segment (RPCv2 CBOR), the {@code Action} parameter (query protocol) or
 * the route (restJson1: the routes the project calls).
 */
final class CountingProxy implements AutoCloseable {

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d+/[^/]+/([^/]+)/");
  private static final Pattern CBOR_OPERATION = Pattern.compile("/operation/([A-Za-z0-9]+)");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");

  /** restJson1 operations by route, for the REST calls the project makes (Security Hub's). */
  private static final Map<String, String> REST_ROUTES =
      Map.of(
          "POST /findings/import", "BatchImportFindings",
          "POST /findings", "GetFindings");

  // java.net.http sets these itself and refuses them from the caller.
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final LongAdder busyNanos = new LongAdder();
  private final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

  CountingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Calls since the last reset, as {@code service:Operation} to count. */
  Map<String, Long> calls() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((op, n) -> counts.put(op, n.sum()));
    return counts;
  }

  /** Per {@code service:Operation}, its calls' durations summed, in milliseconds. */
  Map<String, Double> millis() {
    Map<String, Double> ms = new TreeMap<>();
    nanos.forEach((op, n) -> ms.put(op, n.sum() / 1e6));
    return ms;
  }

  /** From the first request's arrival to the last answer's end: when the calls happened. */
  double spanMs() {
    return lastNanos.get() < firstNanos.get() ? 0 : (lastNanos.get() - firstNanos.get()) / 1e6;
  }

  /** The calls' durations summed, as the proxy saw them (calls that overlap count each). */
  double busyMs() {
    return busyNanos.sum() / 1e6;
  }

  void reset() {
    calls.clear();
    nanos.clear();
    busyNanos.reset();
    firstNanos.set(Long.MAX_VALUE);
    lastNanos.set(Long.MIN_VALUE);
  }

  private void forward(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    firstNanos.accumulateAndGet(start, Math::min);
    String operation = "unread";
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      operation = operation(exchange, body);
      calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } catch (IOException e) {
        // Said, not dropped: a bare closed connection would look like a network fault.
        byte[] why = ("counting proxy: " + e).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(502, why.length);
        exchange.getResponseBody().write(why);
        return;
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
              });
      try (InputStream in = response.body()) {
        byte[] answer = in.readAllBytes();
        exchange.sendResponseHeaders(
            response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } finally {
      long end = System.nanoTime();
      busyNanos.add(end - start);
      nanos.computeIfAbsent(operation, k -> new LongAdder()).add(end - start);
      lastNanos.accumulateAndGet(end, Math::max);
    }
  }

  private static String operation(HttpExchange exchange, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher scope = SCOPE.matcher(authorization == null ? "" : authorization);
    String service = scope.find() ? scope.group(1) : "unsigned";
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return service + ":" + target.substring(target.lastIndexOf('.') + 1);
    }
    Matcher cbor = CBOR_OPERATION.matcher(exchange.getRequestURI().getPath());
    if (cbor.find()) {
      return service + ":" + cbor.group(1);
    }
    // An operation name needs no decoding: the raw query or form body is matched as it is (a JSON
    // body may hold any '%').
    String query = exchange.getRequestURI().getRawQuery();
    for (String form : new String[] {query, new String(body, StandardCharsets.UTF_8)}) {
      Matcher action = ACTION.matcher(form == null ? "" : form);
      if (action.find()) {
        return service + ":" + action.group(1);
      }
    }

    String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    return service + ":" + REST_ROUTES.getOrDefault(route, route);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
