package dev.ecsguardrail.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that answers from a script, in order (the last answer repeats), and keeps what was
 * sent: for the paths an emulator cannot show (moto never throttles Security Hub, nor refuses a
 * finding that has a resource).
 */
final class ScriptedHttpClient implements SdkHttpClient {

  record Sent(SdkHttpRequest request, String body) {}

  private record Answer(int status, String errorType, String body) {}

  private final Deque<Answer> answers = new ArrayDeque<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();

  ScriptedHttpClient answer(int status, String body) {
    return answer(status, null, body);
  }

  /** An answer with an {@code x-amzn-ErrorType} header, as restJson1 errors carry. */
  ScriptedHttpClient answer(int status, String errorType, String body) {
    answers.add(new Answer(status, errorType, body));
    return this;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        String body = "";
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
        sent.add(new Sent(request.httpRequest(), body));
        Answer a;
        synchronized (answers) {
          a = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(a.status());
        if (a.errorType() != null) {
          response.putHeader("x-amzn-ErrorType", a.errorType());
        }
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(
                AbortableInputStream.create(
                    new ByteArrayInputStream(a.body().getBytes(StandardCharsets.UTF_8))))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
