package dev.ecsguardrail.props;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext;

/** Lambda contexts for handlers called in-process: the runtime interface client's own class. */
public final class Invocations {

  private Invocations() {}

  /** An invocation of the Slack forwarder, request {@code req-1}, with 30 s left. */
  public static Context slackForwarder() {
    String name = "slack-forwarder";
    return new LambdaContext(
        512,
        System.currentTimeMillis() + 30_000,
        "req-1",
        "/aws/lambda/" + name,
        "stream",
        name,
        null,
        "1",
        "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":live",
        null,
        null,
        null);
  }
}
