package dev.ecsguardrail.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The functions of template.yaml as {@link LambdaRuntime} runs them: each one's handler, the
 * variables template.yaml sets for it (its own, the Globals', the parameters' defaults) and what
 * Lambda itself sets (function name, memory size, timeout), pointed at the emulator and a {@link
 * Fleet}. Used by the Lambda ITs and the {@code bench/run} harness alike.
 *
 * <p>aws-lambda-rie invents every function ARN: always {@code
 * arn:aws:lambda:us-east-1:012345678912:function:NAME}, whatever the credentials. The functions
 * that take their account from their own ARN (the digest, the alarm reconcile) therefore run with a
 * role's temporary credentials in that account ({@link FunctionAccount}): moto puts the requests of
 * credentials from {@code AssumeRole} into the role's account, and the fleet is seeded there too.
 */
final class FunctionEnvironments {

  /** The account in every function ARN aws-lambda-rie hands the runtime. */
  static final String RIE_ACCOUNT = "012345678912";

  /** template.yaml's {@code Globals.Function.MemorySize}. */
  private static final int MEMORY_MB = 1024;

  private FunctionEnvironments() {}

  /** A function of template.yaml: its handler, POWERTOOLS_SERVICE_NAME and Timeout. */
  enum Function {
    SERVICE_CHANGE("service-change", "ServiceChangeHandler", "service-change", 30),
    CLUSTER_DELETION("cluster-deletion", "ClusterDeletionHandler", "cluster-deletion", 300),
    DIGEST("digest", "DigestHandler", "digest", 900),
    ALARM_RECONCILE("alarm-reconcile", "AlarmReconcileHandler", "sidecar-alarm-reconcile", 300),
    SIDECAR_ALARM("sidecar-alarm", "SidecarAlarmHandler", "sidecar-alarm", 30),
    HOOK("hook", "HookHandler", "hook", 30);

    /** The short name the harness prints. */
    final String label;

    /** The template's {@code Handler}. */
    final String handler;

    /** The template's {@code POWERTOOLS_SERVICE_NAME}. */
    final String service;

    /** The template's {@code Timeout}, in seconds. */
    final int timeoutSeconds;

    Function(String label, String handlerClass, String service, int timeoutSeconds) {
      this.label = label;
      this.handler = "dev.ecsguardrail.handler." + handlerClass + "::handleRequest";
      this.service = service;
      this.timeoutSeconds = timeoutSeconds;
    }
  }

  /**
   * What template.yaml sets for the function, plus what Lambda itself sets; a mutable map, for a
   * test to change one variable.
   *
   * @param credentials the function's AWS credentials: {@link FunctionAccount#environment} or
   *     {@link #defaultCredentials}
   */
  static Map<String, String> environment(
      Function function, Fleet fleet, Map<String, String> credentials) {
    Map<String, String> env =
        lambdaEnvironment("ecs-guardrail-" + function.service, function.timeoutSeconds);
    env.putAll(credentials);
    env.put("POWERTOOLS_LOG_LEVEL", "INFO");
    env.put("POWERTOOLS_METRICS_NAMESPACE", "EcsGuardrail");
    env.put("POWERTOOLS_SERVICE_NAME", function.service);
    switch (function) {
      case SERVICE_CHANGE -> {
        env.put("TOPIC_ARN", fleet.topicArn);
        env.put("LEDGER_TABLE", fleet.ledgerTable);
        env.put("MODE", "report");
      }
      case CLUSTER_DELETION, SIDECAR_ALARM -> {
        env.put("TOPIC_ARN", fleet.topicArn);
        env.put("LEDGER_TABLE", fleet.ledgerTable);
      }
      case DIGEST -> {
        env.put("TOPIC_ARN", fleet.topicArn);
        env.put("LEDGER_TABLE", fleet.ledgerTable);
        env.put("SEND_ALL_CLEAR", "true");
      }
      case HOOK -> {
        env.put("TOPIC_ARN", fleet.topicArn);
        env.put("LEDGER_TABLE", fleet.ledgerTable);
        env.put("HOOK_FAIL_ON", "HIGH");
      }
      case ALARM_RECONCILE -> {
        env.put("SIDECAR_ALARM_SERVICES", "grpc");
        env.put("SIDECAR_MEMORY_THRESHOLD_PERCENT", "80");
        env.put("SIDECAR_ALARM_DATAPOINTS", "3");
        env.put("SIDECAR_ALARM_EVALUATION_PERIODS", "5");
      }
    }
    return env;
  }

  /** The organization stack's function (org/template.yaml's OrgDigestFunction). */
  static final String ORG_DIGEST_HANDLER =
      "dev.ecsguardrail.handler.OrgDigestHandler::handleRequest";

  /**
   * What org/template.yaml sets for OrgDigestFunction with {@code Accounts} empty (the accounts
   * from Organizations ListAccounts), plus what Lambda itself sets.
   */
  static Map<String, String> orgDigestEnvironment(
      String bucket, String topicArn, List<String> regions, Map<String, String> credentials) {
    Map<String, String> env = lambdaEnvironment("ecs-guardrail-org-digest", 900);
    env.putAll(credentials);
    env.put("POWERTOOLS_LOG_LEVEL", "INFO");
    env.put("POWERTOOLS_SERVICE_NAME", "org-digest");
    env.put("REPORT_BUCKET", bucket);
    env.put("TOPIC_ARN", topicArn);
    env.put("EXPECTED_REGIONS", String.join(",", regions));
    return env;
  }

  /**
   * What Lambda sets for any function (and where the emulator is), nothing of the template's: the
   * environment of a function that reads none, like the floor handler of {@code bench/run}.
   */
  static Map<String, String> lambdaEnvironment(String functionName, int timeoutSeconds) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", Emulator.endpoint().toString());
    env.put("AWS_REGION", Emulator.REGION);
    env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(timeoutSeconds));
    return env;
  }

  /**
   * The credentials of this JVM's account: moto's test keys on moto; on another endpoint none (the
   * function inherits this process's environment).
   */
  static Map<String, String> defaultCredentials() {
    return Emulator.isMoto()
        ? Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing")
        : Map.of();
  }

  /**
   * A role's temporary credentials in the account aws-lambda-rie names, for the function (its
   * environment) and for this JVM's clients (the SDK's system properties, restored on close). Needs
   * moto.
   */
  record FunctionAccount(Credentials credentials, Map<String, String> previous)
      implements AutoCloseable {

    private static final List<String> PROPERTIES =
        List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");

    static FunctionAccount assume() {
      if (!Emulator.isMoto()) {
        throw new IllegalStateException(
            "needs moto: the emulator's function ARN names account " + RIE_ACCOUNT);
      }
      Credentials credentials;
      try (StsClient sts =
          StsClient.builder()
              .region(Region.of(Emulator.REGION))
              .endpointOverride(Emulator.endpoint())
              .httpClient(UrlConnectionHttpClient.create())
              .build()) {
        credentials =
            sts.assumeRole(
                    r ->
                        r.roleArn("arn:aws:iam::" + RIE_ACCOUNT + ":role/ecs-guardrail-it")
                            .roleSessionName("ecs-guardrail-function"))
                .credentials();
      }
      Map<String, String> previous = new HashMap<>();
      PROPERTIES.forEach(p -> previous.put(p, System.getProperty(p)));
      System.setProperty("aws.accessKeyId", credentials.accessKeyId());
      System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
      System.setProperty("aws.sessionToken", credentials.sessionToken());
      return new FunctionAccount(credentials, previous);
    }

    /** The credentials as the function's environment. */
    Map<String, String> environment() {
      return Map.of(
          "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
          "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
          "AWS_SESSION_TOKEN", credentials.sessionToken());
    }

    @Override
    public void close() {
      previous.forEach(
          (p, value) -> {
            if (value == null) {
              System.clearProperty(p);
            } else {
              System.setProperty(p, value);
            }
          });
    }
  }
}
