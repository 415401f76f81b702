package dev.ecsguardrail.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The bare Java handler {@code bench/run} measures as the floor: it copies its input to its output
 * and nothing else, so its cold start is the JVM's and the runtime interface client's alone. It
 * runs from a jar of this one class ({@link LambdaBenchmark}): keep it free of other classes (no
 * lambdas, no nested classes).
 */
public final class FloorHandler implements RequestStreamHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.transferTo(output);
  }
}
