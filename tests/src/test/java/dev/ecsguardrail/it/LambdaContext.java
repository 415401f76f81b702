package dev.ecsguardrail.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda context a handler called in-process gets: the function's name and ARN (in moto's
 * account), and the time it has left.
 */
record LambdaContext(String function, int remainingMillis) implements Context {

  @Override
  public String getAwsRequestId() {
    return "it-request-1";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + getFunctionName();
  }

  @Override
  public String getLogStreamName() {
    return "it";
  }

  @Override
  public String getFunctionName() {
    return "ecs-guardrail-" + function;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + Emulator.REGION + ":123456789012:function:" + getFunctionName();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.out.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
