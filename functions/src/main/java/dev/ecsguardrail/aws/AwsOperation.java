package dev.ecsguardrail.aws;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The IAM action a method calls without an SDK client (a signed REST call through {@link
 * SigV4JsonClient}): where the template's policies are checked against the code, a reachable method
 * carrying it counts as a call of that action, as an SDK client method does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AwsOperation {
  /** As IAM names it: {@code securityhub:GetFindings}. */
  String value();
}
