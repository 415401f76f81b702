package dev.ecsguardrail.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of the emulator that injects faults into a chosen share of the AWS
 * calls, per service: throttling (the service's own throttling error in its protocol), 5xx, slow
 * answers, dropped connections, and lost responses (the call reached the emulator, its answer did
 * not reach the client). Everything else is forwarded unchanged.
 *
 * <p>The service is the signing name of the {@code Authorization} header's credential scope ({@code
 * .../<region>/<service>/aws4_request}: {@code ecs}, {@code servicediscovery}, {@code dynamodb},
 * {@code sns}, {@code monitoring} for CloudWatch), the operation the {@code X-Amz-Target} header
 * (JSON protocols) or the {@code Action} form field (Query). Whether call {@code n} of a service
 * gets a fault is drawn from a generator seeded with (seed, service, n): the same sequence of calls
 * gets the same faults. Callers on several threads (the sweep) may interleave their calls of one
 * service differently from run to run, and so draw differently.
 *
 * <p>The JDK's {@code com.sun.net.httpserver} and {@code java.net.http} are enough for this (the
 * SDK sends small, fixed-length requests): no WireMock.
 */
final class FaultProxy implements AutoCloseable {

  enum Kind {
    /** HTTP 400 (SNS: 429) with the service's throttling error code; not forwarded. */
    THROTTLE,
    /** HTTP 500 InternalFailure or 503 ServiceUnavailable; not forwarded. */
    SERVER_ERROR,
    /** Forwarded, answered after {@link #slowDelay}. */
    SLOW,
    /** The connection is closed before the request is forwarded: nothing happened. */
    DROP,
    /** Forwarded, then the connection is closed instead of answering: it happened, unseen. */
    LOST_RESPONSE
  }

  /** One AWS call as the proxy sees it. */
  record Call(String service, String operation, String body) {
    boolean is(String service, String operation) {
      return this.service.equals(service)
          && (operation == null || this.operation.equals(operation));
    }
  }

  /**
   * @param budget how many more calls it may fault; {@code null}: no limit
   */
  private record Rule(Predicate<Call> when, Kind kind, double share, AtomicLong budget) {}

  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

  /** Services that speak the Query protocol (XML errors); the others here speak JSON. */
  private static final Set<String> QUERY = Set.of("sns", "monitoring", "sqs", "sts");

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final URI target;
  private final long seed;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient forward;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> callIndex = new ConcurrentHashMap<>();
  private final Map<String, Map<Kind, AtomicLong>> injected = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();
  private volatile Duration slowDelay = Duration.ofMillis(200);

  private FaultProxy(URI target, long seed) throws IOException {
    this.target = target;
    this.seed = seed;
    this.forward =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(threads)
            .build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy in front of {@code target} (the emulator), with no faults until told. */
  static FaultProxy start(URI target, long seed) {
    try {
      return new FaultProxy(target, seed);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault proxy", e);
    }
  }

  /** Where the SDK clients should send their calls. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code share} (0 to 1) of the calls of {@code service} get {@code kind}. */
  FaultProxy inject(String service, Kind kind, double share) {
    return inject(c -> c.service().equals(service), kind, share);
  }

  /**
   * {@code share} of the calls that {@code when} matches get {@code kind}. Shares of the rules a
   * call matches add up, in the order they were given (one draw per call).
   */
  FaultProxy inject(Predicate<Call> when, Kind kind, double share) {
    rules.add(new Rule(when, kind, share, null));
    return this;
  }

  /** The next {@code count} calls that {@code when} matches get {@code kind}. */
  FaultProxy injectNext(Predicate<Call> when, Kind kind, long count) {
    rules.add(new Rule(when, kind, 1.0, new AtomicLong(count)));
    return this;
  }

  /** No more faults from now on (the counts stay). */
  FaultProxy clear() {
    rules.clear();
    return this;
  }

  FaultProxy slowDelay(Duration delay) {
    this.slowDelay = delay;
    return this;
  }

  /** Faults injected so far: service to kind to count. */
  Map<String, Map<Kind, Long>> injected() {
    Map<String, Map<Kind, Long>> copy = new TreeMap<>();
    injected.forEach(
        (service, kinds) -> {
          Map<Kind, Long> counts = new EnumMap<>(Kind.class);
          kinds.forEach((k, n) -> counts.put(k, n.get()));
          copy.put(service, counts);
        });
    return copy;
  }

  long injected(String service, Kind kind) {
    return injected.getOrDefault(service, Map.of()).getOrDefault(kind, new AtomicLong()).get();
  }

  long injectedTotal() {
    return injected.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(AtomicLong::get)
        .sum();
  }

  /** Calls seen per service (injected or not). */
  Map<String, Long> calls() {
    Map<String, Long> copy = new TreeMap<>();
    callIndex.forEach((s, n) -> copy.put(s, n.get()));
    return copy;
  }

  /** Calls per service whose answer came from the emulator (slow ones included). */
  Map<String, Long> forwarded() {
    Map<String, Long> copy = new TreeMap<>();
    forwarded.forEach((s, n) -> copy.put(s, n.get()));
    return copy;
  }

  /** One line per service: calls, and each kind injected. */
  String report() {
    StringBuilder out = new StringBuilder();
    Map<String, Map<Kind, Long>> faults = injected();
    calls()
        .forEach(
            (service, n) -> {
              out.append(String.format(Locale.ROOT, "%-17s calls=%-5d", service, n));
              for (Kind k : Kind.values()) {
                long count = faults.getOrDefault(service, Map.of()).getOrDefault(k, 0L);
                out.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(count);
              }
              out.append('\n');
            });
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- the proxy --------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Call call = call(exchange, body);
      long n = callIndex.computeIfAbsent(call.service(), s -> new AtomicLong()).getAndIncrement();
      Kind fault = draw(call, n);
      if (fault != null) {
        injected
            .computeIfAbsent(call.service(), s -> new ConcurrentHashMap<>())
            .computeIfAbsent(fault, k -> new AtomicLong())
            .incrementAndGet();
      }
      switch (fault) {
        case null -> relay(exchange, call, forward(exchange, body), Duration.ZERO);
        case SLOW -> relay(exchange, call, forward(exchange, body), slowDelay);
        case THROTTLE -> error(exchange, call, throttle(call.service()));
        case SERVER_ERROR ->
            error(
                exchange,
                call,
                n % 2 == 0
                    ? new Error(500, "InternalFailure", "We encountered an internal error.")
                    : new Error(503, "ServiceUnavailable", "Service is unavailable."));
        case DROP -> {
          // Closing the exchange before any answer closes the connection: the client reads EOF.
        }
        case LOST_RESPONSE -> forward(exchange, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Kind draw(Call call, long n) {
    double u =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ call.service().hashCode() * 31L ^ n)
            .nextDouble();
    double cumulative = 0;
    for (Rule rule : rules) {
      if (rule.when().test(call)) {
        if (rule.budget() != null) {
          if (rule.budget().getAndUpdate(b -> Math.max(0, b - 1)) > 0) {
            return rule.kind();
          }
          continue;
        }
        cumulative += rule.share();
        if (u < cumulative) {
          return rule.kind();
        }
      }
    }
    return null;
  }

  private static Call call(HttpExchange exchange, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String service = "unknown";
    if (authorization != null) {
      Matcher m = SCOPE.matcher(authorization);
      if (m.find()) {
        service = m.group(1);
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String operation = "unknown";
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) {
      operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
    } else {
      for (String field : text.split("&")) {
        if (field.startsWith("Action=")) {
          operation = URLDecoder.decode(field.substring(7), StandardCharsets.UTF_8);
        }
      }
    }
    return new Call(service, operation, text);
  }

  private record Error(int status, String code, String message) {}

  /** Each service's own throttling error, as its model names it. */
  private static Error throttle(String service) {
    return switch (service) {
      // Cloud Map's modelled throttling error (RequestLimitExceededException).
      case "servicediscovery" ->
          new Error(400, "RequestLimitExceeded", "The operation can't be completed: rate exceeded");
      // SNS: ThrottledException, HTTP 429 in its model.
      case "sns" -> new Error(429, "Throttled", "Rate exceeded");
      // CloudWatch and the other Query services: the common Throttling error.
      case "monitoring", "sqs", "sts" -> new Error(400, "Throttling", "Rate exceeded");
      // ECS and DynamoDB (and the rest, JSON): ThrottlingException.
      default -> new Error(400, "ThrottlingException", "Rate exceeded");
    };
  }

  private static void error(HttpExchange exchange, Call call, Error error) throws IOException {
    String requestId = UUID.randomUUID().toString();
    byte[] body;
    if (QUERY.contains(call.service())) {
      String namespace =
          call.service().equals("sns")
              ? "http://sns.amazonaws.com/doc/2010-03-31/"
              : "http://monitoring.amazonaws.com/doc/2010-08-01/";
      body =
          ("<ErrorResponse xmlns=\""
                  + namespace
                  + "\"><Error><Type>"
                  + (error.status() >= 500 ? "Receiver" : "Sender")
                  + "</Type><Code>"
                  + error.code()
                  + "</Code><Message>"
                  + error.message()
                  + "</Message></Error><RequestId>"
                  + requestId
                  + "</RequestId></ErrorResponse>")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
    } else {
      String prefix =
          error.status() >= 500 ? "com.amazon.coral.service#" : "com.amazon.coral.availability#";
      body =
          ("{\"__type\":\"" + prefix + error.code() + "\",\"message\":\"" + error.message() + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              call.service().equals("dynamodb")
                  ? "application/x-amz-json-1.0"
                  : "application/x-amz-json-1.1");
    }
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(error.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    return forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private void relay(
      HttpExchange exchange, Call call, HttpResponse<byte[]> response, Duration delay)
      throws IOException, InterruptedException {
    forwarded.computeIfAbsent(call.service(), s -> new AtomicLong()).incrementAndGet();
    if (!delay.isZero()) {
      Thread.sleep(delay);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))
                  && !name.equalsIgnoreCase("date")
                  && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
              }
            });
    byte[] body = response.body();
    boolean noBody =
        body.length == 0
            || exchange.getRequestMethod().equals("HEAD")
            || response.statusCode() == 204;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
