package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What SNS published, as moto recorded it: every body of a {@code MessageStructure=json} message
 * (an SQS subscriber receives only one of them). Moto only.
 */
final class MotoSns {

  private MotoSns() {}

  /** A published message: its subject and the body for each protocol. */
  record Published(String subject, JsonNode bodies) {
    String body(String protocol) {
      return bodies.get(protocol).asText();
    }
  }

  /** Every message published to the topic, in order. */
  static List<Published> published(String topicArn) {
    JsonNode data = json(get("/moto-api/data.json"));
    List<Published> messages = new ArrayList<>();
    for (JsonNode topic : data.at("/sns/Topic")) {
      if (topicArn.equals(topic.path("arn").asText())) {
        // (message id, message, subject, attributes, group id)
        for (JsonNode sent : topic.get("sent_notifications")) {
          messages.add(new Published(sent.get(2).asText(), json(sent.get(1).asText())));
        }
      }
    }
    return messages;
  }

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), "JSON");
  }

  private static String get(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(Emulator.endpoint().resolve(path)).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
