package dev.ecsguardrail.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext;

/**
 * The Lambda context a handler called in-process gets, of the class Lambda's Java runtime uses (the
 * runtime interface client's): the function's name and ARN in moto's account, and the time it has
 * left.
 */
final class Invocations {

  private Invocations() {}

  static Context of(String function, int remainingMillis) {
    String name = "ecs-guardrail-" + function;
    return new LambdaContext(
        1024,
        System.currentTimeMillis() + remainingMillis,
        "it-request-1",
        "/aws/lambda/" + name,
        "it",
        name,
        null,
        "$LATEST",
        "arn:aws:lambda:" + Emulator.REGION + ":123456789012:function:" + name,
        null,
        null,
        null);
  }
}
