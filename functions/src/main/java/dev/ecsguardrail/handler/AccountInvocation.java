package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ecsguardrail.aws.AwsClients;
import java.time.Duration;
import java.time.Instant;

/**
 * An invocation of a function that works on its whole account and Region (a schedule, or an event
 * that only says "look again"): the account from the function's own ARN, and the time it has.
 *
 * @param deadline when to stop reading, {@code margin} before the function's timeout
 */
record AccountInvocation(String account, String region, Instant deadline) {

  static AccountInvocation of(Context context, Duration margin) {
    return new AccountInvocation(
        context.getInvokedFunctionArn().split(":")[4],
        AwsClients.currentRegion(),
        Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(margin));
  }
}
