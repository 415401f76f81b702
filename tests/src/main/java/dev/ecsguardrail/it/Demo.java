package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.SqsEvents.batch;
import static dev.ecsguardrail.it.SqsEvents.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.S3OrgReportGateway;
import dev.ecsguardrail.aws.SigV4JsonClient;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.OrgReportPublisher;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.it.FunctionEnvironments.Function;
import dev.ecsguardrail.it.FunctionEnvironments.FunctionAccount;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.orphan.CloudMapInstance;
import dev.ecsguardrail.orphan.CloudMapNamespace;
import dev.ecsguardrail.orphan.CloudMapService;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.RuleCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code bin/ecs-guardrail demo}: the whole product on the embedded emulator. moto server on a free
 * port holds a small fleet; each function runs as a Lambda (the shaded jar under the runtime
 * interface emulator) on the events it takes in an account: the service checks on the sample
 * events, a DeleteCluster that leaves a namespace behind (NS001, after a shortened delay queue), a
 * gRPC service whose proxy-memory alarm fires and recovers (SM001, one thread), the weekly digest
 * (which also writes the account's week to the organization's bucket), and the organization's one
 * digest over an organization of three accounts, one of which does not report (on moto, which
 * serves Organizations). It ends with what SNS delivered to the subscribed queue.
 */
public final class Demo {

  /** The stack's delay queue holds DeleteCluster events for 900 s by default; the demo's for 5. */
  private static final int DELAY_SECONDS = 5;

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** The organization stack's bucket (org/template.yaml), where every member writes its week. */
  private static final String ORG_BUCKET = Fleet.PREFIX + "org-reports";

  private static final String ORGANIZATIONS = "AWSOrganizationsV20161128.";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "AWS endpoint: " + Emulator.endpoint() + (Emulator.isMoto() ? " (moto)" : ""));
    // On moto, the fleet lives in the account the runtime interface emulator puts in every
    // function ARN, as in an account where the stack is deployed.
    try (FunctionAccount account = Emulator.isMoto() ? FunctionAccount.assume() : null;
        Fleet fleet = new Fleet(Emulator.endpoint())) {
      Map<String, String> credentials =
          account == null ? FunctionEnvironments.defaultCredentials() : account.environment();
      AwsClients clients = AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
      System.out.println("Seeded clusters prod (Container Insights enhanced) and staging (off),");
      System.out.println("the task definitions of events/taskdefs, topic " + fleet.topicArn);
      int sent = serviceChecks(fleet, credentials);
      sent += namespaceLeftBehind(fleet, clients, credentials);
      sent += proxyMemoryAlarm(fleet, clients, credentials);
      if (Emulator.isMoto()) {
        clients.s3().createBucket(r -> r.bucket(ORG_BUCKET));
      }
      sent += weeklyDigest(fleet, credentials);
      sent += organizationDigest(fleet, clients, credentials);
      System.out.println();
      System.out.println("Delivered by SNS to the subscribed queue (kind, subject):");
      for (JsonNode message : fleet.delivered(sent, PATIENCE)) {
        System.out.printf(
            "   %-15s %s%n",
            message.at("/MessageAttributes/kind/Value").asText(), message.get("Subject").asText());
      }
    }
  }

  /** 1. Every sample CloudTrail event through the service-change function. */
  private static int serviceChecks(Fleet fleet, Map<String, String> credentials) throws Exception {
    announce("1. Service checks: every sample CreateService/UpdateService event of events/");
    int notifying = 0;
    try (LambdaRuntime lambda = runtime(Function.SERVICE_CHANGE, fleet, credentials)) {
      for (Path event : Project.events()) {
        JsonNode result =
            StrictJson.parse(lambda.invoke(fleet.localize(event)).getBytes(), event.toString());
        System.out.println("== " + event.getFileName());
        printFindings(result);
        if (!result.get("findings").isEmpty() || !result.get("evaluable").asBoolean()) {
          notifying++;
        }
      }
      System.out.printf(
          "   (init %.0f ms under the runtime interface emulator)%n", lambda.initDurationMs());
    }
    return notifying;
  }

  /** 2. A DeleteCluster, held by a delay queue, then checked by the cluster-deletion function. */
  private static int namespaceLeftBehind(
      Fleet fleet, AwsClients clients, Map<String, String> credentials) throws Exception {
    announce(
        "2. A cluster is deleted and leaves its Service Connect namespace behind (NS001, after a "
            + DELAY_SECONDS
            + " s delay queue; 900 s deployed)");
    Legacy legacy = new CloudMapSeed(clients).legacy();
    String queue = fleet.delayQueue("cluster-deletions", DELAY_SECONDS);
    fleet.send(queue, CloudMapSeed.deletionEvent(fleet, legacy, "demo-delete-cluster"));
    long sentAt = System.nanoTime();
    List<Message> held = fleet.received(queue, 1, PATIENCE);
    System.out.printf(
        "   DeleteCluster of %s arrived after %.1f s%n",
        CloudMapSeed.LEGACY, (System.nanoTime() - sentAt) / 1e9);
    try (LambdaRuntime lambda = runtime(Function.CLUSTER_DELETION, fleet, credentials)) {
      String reply =
          lambda.invoke(
              batch(message(held.getFirst().messageId(), held.getFirst().body()))
                  .getBytes(StandardCharsets.UTF_8));
      System.out.println("   the function answered " + reply.strip());
    }
    return 1;
  }

  /** 3. The reconcile makes the alarm; it fires, then recovers: SM001 and its note, one thread. */
  private static int proxyMemoryAlarm(
      Fleet fleet, AwsClients clients, Map<String, String> credentials) throws Exception {
    announce("3. gRPC service prod/orders: its proxy-memory alarm fires, then recovers (SM001)");
    fleet.createService("prod", "orders", "orders-grpc", 2);
    clients
        .cloudWatch()
        .putMetricData(
            r ->
                r.namespace(SidecarAlarm.NAMESPACE)
                    .metricData(
                        ProxyMetrics.proxyMemory(
                            Fleet.PREFIX + "prod", "orders", "ecs-service-connect-oRK9o", 41.5)));
    try (LambdaRuntime reconcile = runtime(Function.ALARM_RECONCILE, fleet, credentials)) {
      reconcile.invoke("{}".getBytes(StandardCharsets.UTF_8));
    }
    for (MetricAlarm alarm :
        clients
            .cloudWatch()
            .describeAlarms(r -> r.alarmNamePrefix(SidecarAlarm.NAME_PREFIX))
            .metricAlarms()) {
      System.out.printf(
          "   the reconcile made %s: %s above %.0f MiB%n",
          alarm.alarmName(), alarm.metricName(), alarm.threshold());
    }
    try (LambdaRuntime lambda = runtime(Function.SIDECAR_ALARM, fleet, credentials)) {
      for (String sample : List.of("sidecar-memory-alarm.json", "sidecar-memory-ok.json")) {
        String reply = lambda.invoke(fleet.alarmEvent(Project.EVENTS.resolve("alarm/" + sample)));
        System.out.println("   " + sample + ": " + reply.strip());
      }
    }
    if (Emulator.isMoto()) {
      List<MotoSns.Published> published = MotoSns.published(fleet.topicArn);
      for (MotoSns.Published p : published.subList(published.size() - 2, published.size())) {
        System.out.println(
            "   chat thread "
                + StrictJson.parse(p.body("default").getBytes(StandardCharsets.UTF_8), "chat")
                    .at("/metadata/threadId")
                    .asText()
                + ": "
                + p.subject());
      }
    }
    return 2;
  }

  /** 4. The weekly digest of the fleet built above; it writes its week for the organization too. */
  private static int weeklyDigest(Fleet fleet, Map<String, String> credentials) throws Exception {
    announce("4. The weekly digest e-mail for this fleet");
    Map<String, String> environment =
        FunctionEnvironments.environment(Function.DIGEST, fleet, credentials);
    if (Emulator.isMoto()) {
      // OrgReportBucket set, as in a member of an organization with the organization stack.
      environment.put("ORG_REPORT_BUCKET", ORG_BUCKET);
    }
    try (LambdaRuntime lambda = new LambdaRuntime(Function.DIGEST.handler, environment)) {
      System.out.println(
          "   the function answered "
              + lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)).strip());
    }
    if (Emulator.isMoto()) {
      List<MotoSns.Published> published = MotoSns.published(fleet.topicArn);
      String email = published.getLast().body("email");
      System.out.println("   " + email.strip().replace("\n", "\n   | "));
    }
    return 1;
  }

  /**
   * 5. The organization's one digest (org/template.yaml's function): an organization of three
   * accounts in Organizations, this one (its management account, whose digest wrote its week in
   * step 4) and two members; payments writes its week as every member's digest does, legacy has no
   * stack and writes nothing.
   */
  private static int organizationDigest(
      Fleet fleet, AwsClients clients, Map<String, String> credentials) throws Exception {
    announce(
        "5. The organization digest: three accounts in Organizations, two write their week's"
            + " report, legacy does not");
    if (!Emulator.isMoto()) {
      System.out.println(
          "   skipped: it needs the embedded moto server, which serves Organizations");
      return 0;
    }
    SigV4JsonClient organizations = clients.organizations();
    organizations.call(
        ORGANIZATIONS + "CreateOrganization",
        StrictJson.MAPPER.createObjectNode().put("FeatureSet", "ALL"));
    String payments = createAccount(organizations, "payments");
    String legacy = createAccount(organizations, "legacy");
    System.out.printf(
        "   organization of %s (this account, the management account), payments (%s) and legacy"
            + " (%s)%n",
        fleet.account, payments, legacy);
    String region = Emulator.REGION;
    // The object payments' digest writes: its key and body, through the member's S3 gateway.
    new S3OrgReportGateway(clients.s3(), ORG_BUCKET, null)
        .put(
            OrgReportPublisher.key(payments, region, LocalDate.now(ZoneOffset.UTC)),
            OrgReportPublisher.body(paymentsSweep(payments, region)));
    clients
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(ORG_BUCKET).prefix("weekly/"))
        .contents()
        .forEach(o -> System.out.println("   s3://" + ORG_BUCKET + "/" + o.key()));
    try (LambdaRuntime lambda =
        new LambdaRuntime(
            FunctionEnvironments.ORG_DIGEST_HANDLER,
            FunctionEnvironments.orgDigestEnvironment(
                ORG_BUCKET, fleet.topicArn, List.of(region), credentials))) {
      System.out.println(
          "   the function answered "
              + lambda.invoke("{}".getBytes(StandardCharsets.UTF_8)).strip());
    }
    MotoSns.Published digest = MotoSns.published(fleet.topicArn).getLast();
    System.out.println("   subject: " + digest.subject());
    boolean missing = false;
    for (String line : digest.body("email").split("\n")) {
      missing = missing ? !line.isBlank() : line.startsWith("Did not report");
      if (missing) {
        System.out.println("   | " + line);
      }
    }
    return 1;
  }

  private static String createAccount(SigV4JsonClient organizations, String name) {
    return organizations
        .call(
            ORGANIZATIONS + "CreateAccount",
            StrictJson.MAPPER
                .createObjectNode()
                .put("AccountName", name)
                .put("Email", name + "@example.com"))
        .at("/CreateAccountStatus/AccountId")
        .asText();
  }

  /** payments' week: a namespace its retired cluster left behind, judged as its digest judges. */
  private static SweepResult paymentsSweep(String account, String region) {
    String namespace = "ns-checkout";
    String service = "srv-checkout";
    Inventory inventory =
        new Inventory(
            account,
            region,
            List.of(
                new CloudMapNamespace(
                    namespace,
                    "arn:aws:servicediscovery:"
                        + region
                        + ":"
                        + account
                        + ":namespace/"
                        + namespace,
                    "checkout",
                    "HTTP",
                    account,
                    null,
                    null)),
            Map.of(
                namespace,
                List.of(
                    new CloudMapService(
                            service,
                            "arn:aws:servicediscovery:"
                                + region
                                + ":"
                                + account
                                + ":service/"
                                + service,
                            "checkout",
                            namespace,
                            null,
                            List.of())
                        .withInstances(
                            List.of(
                                new CloudMapInstance("i-1", "shop-retired"),
                                new CloudMapInstance("i-2", "shop-retired"))))),
            List.of(),
            List.of(),
            true,
            List.of());
    return new SweepCheck(
            new OrphanFinder(PriceTable.bundled().cloudMap(region)), RuleCatalog.SERVICE_RULES)
        .judge(inventory, Policy.DEFAULTS, Instant.now());
  }

  private static LambdaRuntime runtime(
      Function function, Fleet fleet, Map<String, String> credentials) throws Exception {
    return new LambdaRuntime(
        function.handler, FunctionEnvironments.environment(function, fleet, credentials));
  }

  private static void announce(String part) {
    System.out.println();
    System.out.println(part);
  }

  private static void printFindings(JsonNode result) {
    if (!result.get("evaluable").asBoolean()) {
      System.out.println("   not evaluable: " + result.get("reason").asText());
    }
    for (JsonNode f : result.get("findings")) {
      System.out.printf(
          "   %-6s %s%s %s%n",
          f.get("severity").asText(),
          f.get("ruleId").asText(),
          f.get("rejectedByEcs").asBoolean() ? " (rejected by ECS)" : "",
          f.get("message").asText());
    }
    if (result.get("findings").isEmpty() && result.get("evaluable").asBoolean()) {
      System.out.println("   no findings");
    }
  }
}
