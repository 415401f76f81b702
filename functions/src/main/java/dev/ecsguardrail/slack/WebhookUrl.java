package dev.ecsguardrail.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A Slack incoming-webhook URL, read from a secret. The URL is a credential (whoever holds it can
 * post to the channel): {@link #toString} hides it and no error message quotes it.
 *
 * @param uri {@code https}, or {@code http} to a loopback address (a local fake of Slack in tests)
 */
public record WebhookUrl(URI uri) {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  public WebhookUrl {
    boolean https = "https".equals(uri.getScheme());
    boolean localHttp = "http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost());
    if (uri.getHost() == null || !(https || localHttp)) {
      throw new IllegalArgumentException("the Slack webhook URL must be an https:// URL");
    }
  }

  /**
   * The URL in a secret string: either the bare URL, or JSON {@code {"webhookUrl": "https://..."}}
   * (other fields ignored). Surrounding whitespace is ignored.
   */
  public static WebhookUrl fromSecret(String secret) {
    String text = secret == null ? "" : secret.strip();
    if (text.startsWith("{")) {
      try {
        JsonNode json = StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), "the secret");
        text = StrictJson.requiredText(json, "webhookUrl", "the secret's JSON").strip();
      } catch (MalformedEventException e) {
        // The parser's message may quote the secret: say only what is wrong.
        throw new IllegalArgumentException(
            "the Slack webhook secret is JSON without a \"webhookUrl\" string");
      }
    }
    try {
      return new WebhookUrl(new URI(text));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the Slack webhook secret is neither a URL nor {\"webhookUrl\": \"https://...\"}");
    }
  }

  /**
   * {@code text} with this URL, its path, and the path's last segment (the token: the secret part
   * of {@code /services/T.../B.../token}) replaced by a placeholder.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text.replace(uri.toString(), "<webhook>");
    String path = uri.getRawPath();
    if (path == null || path.length() < 2) {
      return redacted;
    }
    redacted = redacted.replace(path, "<webhook>");
    String token = path.substring(path.lastIndexOf('/') + 1);
    // A short last segment could be an ordinary word of the text; a token is long.
    return token.length() < 8 ? redacted : redacted.replace(token, "<webhook>");
  }

  @Override
  public String toString() {
    return "WebhookUrl[redacted]";
  }
}
