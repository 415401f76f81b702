package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.ProxyMetrics.datum;
import static dev.ecsguardrail.it.ProxyMetrics.dimension;
import static dev.ecsguardrail.it.ProxyMetrics.proxyMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.alarm.AlarmPlanner;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.alarm.SidecarAlarmSettings;
import dev.ecsguardrail.aws.AlarmGateway;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.flow.AlarmReconcileGuard;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The proxy-memory alarms end to end on the emulator, with the real gateways: the reconcile ({@link
 * AlarmReconcileGuard}) that keeps one CloudWatch alarm per watched service, and SM001 ({@link
 * SidecarAlarmGuard}) when an alarm's state changes.
 *
 * <p>moto drops {@code serviceConnectConfiguration} from CreateService: there, a service is on
 * Service Connect only by its proxy's Container Insights metrics, which the tests put with
 * PutMetricData ({@code ECS/ContainerInsights ContainerMemoryUtilized}, dimensions ClusterName,
 * ServiceName, ContainerName {@code ecs-service-connect-...}).
 */
@ExtendWith(EmptyEmulator.class)
class AlarmsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final String PROD = Fleet.PREFIX + "prod";
  private static final String STAGING = Fleet.PREFIX + "staging";
  private static final String PROXY = "ecs-service-connect-oRK9o";
  private static final Path ALARM = Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json");
  private static final Path OK = Project.EVENTS.resolve("alarm/sidecar-memory-ok.json");
  private static final Path INSUFFICIENT =
      Project.EVENTS.resolve("alarm/sidecar-memory-insufficient-data.json");

  /** orders-grpc: task 1024 MiB, container 960 hard limit: 64 MiB for the proxy, 80 % of it. */
  private static final int ORDERS_THRESHOLD = (1024 - 960) * 80 / 100;

  /** catalog-http: task 2048 MiB, container 1024. */
  private static final int CATALOG_THRESHOLD = (2048 - 1024) * 80 / 100;

  private static final SidecarAlarmSettings ALL_SERVICE_CONNECT =
      new SidecarAlarmSettings(true, 80, 60, 5, 3);

  private final CallCounter calls = new CallCounter();
  private final AwsClients clients =
      AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of(calls));
  private final EcsClient ecs = clients.ecs();
  private final CloudWatchClient cloudWatch = clients.cloudWatch();

  // ---- the reconcile ----------------------------------------------------------------------------

  @Test
  void reconcile_alarmsTheGrpcServiceWithProxyMetrics_only_andASecondRunChangesNothing() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.createService("prod", "orders", "orders-grpc", 2);
      fleet.createService("prod", "catalog", "catalog-http", 2);
      fleet.createService("prod", "quiet", "orders-grpc", 1);
      String noTaskMemory = registerGrpcWithoutTaskMemory();
      ecs.createService(
          r ->
              r.cluster(PROD)
                  .serviceName("ledger")
                  .taskDefinition(noTaskMemory)
                  .launchType(LaunchType.EC2)
                  .desiredCount(1));
      List<MetricDatum> metrics = new ArrayList<>();
      metrics.add(proxyMemory(PROD, "orders", PROXY, 41.5));
      // Noise the proxy's metric must be told apart from: the app container's, and a per-task
      // metric (one more dimension) under a proxy name sorting first.
      metrics.add(proxyMemory(PROD, "orders", "orders", 700));
      metrics.add(
          datum(
              28,
              dimension("ClusterName", PROD),
              dimension("ServiceName", "orders"),
              dimension("ContainerName", "ecs-service-connect-AAAAA"),
              dimension("TaskId", "0123456789abcdef")));
      metrics.add(proxyMemory(PROD, "catalog", "ecs-service-connect-Xy12z", 300));
      metrics.add(proxyMemory(PROD, "ledger", "ecs-service-connect-Lq0p1", 60));
      cloudWatch.putMetricData(r -> r.namespace(SidecarAlarm.NAMESPACE).metricData(metrics));
      // "quiet" serves gRPC and has no metrics; it asks for Service Connect where the endpoint
      // keeps the configuration (moto does not: there it is not on Service Connect at all).
      boolean keepsServiceConnect = serviceConnectKept(fleet.service("prod", "quiet"));
      AlarmReconcileGuard guard = guard(SidecarAlarmSettings.DEFAULTS);

      AlarmReconcileGuard.Result first = reconcile(guard, fleet);

      assertEquals(List.of(), first.skipped());
      assertEquals(List.of(alarmName(PROD, "orders")), names(first.plan().create()));
      assertEquals(List.of(), first.plan().update());
      assertEquals(List.of(), first.plan().delete());
      assertEquals(
          keepsServiceConnect ? List.of(PROD + "/quiet") : List.of(), first.plan().pending());
      assertEquals(1, first.plan().unwatchable().size(), first.plan().unwatchable().toString());
      assertTrue(
          first.plan().unwatchable().getFirst().startsWith(PROD + "/ledger: "),
          first.plan().unwatchable().toString());
      assertTrue(
          first.plan().unwatchable().getFirst().contains("no task-level memory"),
          first.plan().unwatchable().toString());

      List<MetricAlarm> alarms = guardrailAlarms();
      assertEquals(List.of(alarmName(PROD, "orders")), alarmNames(alarms));
      MetricAlarm alarm = alarms.getFirst();
      assertEquals(SidecarAlarm.NAMESPACE, alarm.namespace());
      assertEquals(SidecarAlarm.METRIC, alarm.metricName());
      assertEquals(
          Map.of("ClusterName", PROD, "ServiceName", "orders", "ContainerName", PROXY),
          dimensions(alarm.dimensions()));
      assertEquals(ORDERS_THRESHOLD, alarm.threshold(), 0.0);
      assertEquals(60, alarm.period());
      assertEquals(5, alarm.evaluationPeriods());
      assertEquals(3, alarm.datapointsToAlarm(), "3 of 5: a spike does not page");
      assertEquals(Statistic.MAXIMUM, alarm.statistic());
      assertEquals(ComparisonOperator.GREATER_THAN_THRESHOLD, alarm.comparisonOperator());
      assertEquals("notBreaching", alarm.treatMissingData());
      assertTrue(
          alarm.alarmDescription().contains(PROD + "/orders above " + ORDERS_THRESHOLD + " MiB"),
          alarm.alarmDescription());
      assertEquals(
          Map.of(
              SidecarAlarm.MANAGED_TAG, "true",
              SidecarAlarm.CLUSTER_TAG, PROD,
              SidecarAlarm.SERVICE_TAG, "orders"),
          alarmTags(alarm.alarmArn()));

      calls.reset();
      AlarmReconcileGuard.Result second = reconcile(guard, fleet);

      assertTrue(second.plan().changesNothing(), second.plan().toString());
      assertEquals(1, second.plan().unchanged());
      assertEquals(0, count(calls.operations(), "PutMetricAlarm"), calls.operations().toString());
      assertEquals(0, count(calls.operations(), "DeleteAlarms"), calls.operations().toString());
      assertEquals(List.of(alarmName(PROD, "orders")), alarmNames(guardrailAlarms()));
    }
  }

  @Test
  void everyServiceConnectService_alarmsTheHttpServiceToo() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.createService("prod", "orders", "orders-grpc", 2);
      fleet.createService("prod", "catalog", "catalog-http", 2);
      // Not on Service Connect (no proxy metrics, no configuration): never watched.
      fleet.createService("staging", "search", "search-http", 1);
      cloudWatch.putMetricData(
          r ->
              r.namespace(SidecarAlarm.NAMESPACE)
                  .metricData(
                      proxyMemory(PROD, "orders", PROXY, 41.5),
                      proxyMemory(PROD, "catalog", "ecs-service-connect-Xy12z", 300)));

      AlarmReconcileGuard.Result result = reconcile(guard(ALL_SERVICE_CONNECT), fleet);

      assertEquals(
          List.of(alarmName(PROD, "catalog"), alarmName(PROD, "orders")),
          names(result.plan().create()).stream().sorted().toList());
      Map<String, MetricAlarm> alarms = byName(guardrailAlarms());
      assertEquals(
          List.of(alarmName(PROD, "catalog"), alarmName(PROD, "orders")),
          List.copyOf(alarms.keySet()));
      MetricAlarm catalog = alarms.get(alarmName(PROD, "catalog"));
      assertEquals(CATALOG_THRESHOLD, catalog.threshold(), 0.0);
      assertEquals(
          Map.of(
              "ClusterName",
              PROD,
              "ServiceName",
              "catalog",
              "ContainerName",
              "ecs-service-connect-Xy12z"),
          dimensions(catalog.dimensions()));
      assertEquals("catalog", alarmTags(catalog.alarmArn()).get(SidecarAlarm.SERVICE_TAG));
      assertEquals(ORDERS_THRESHOLD, alarms.get(alarmName(PROD, "orders")).threshold(), 0.0);
    }
  }

  @Test
  void newRevisionWithOtherMemory_updatesTheThreshold() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      String serviceArn = fleet.createService("prod", "orders", "orders-grpc", 2);
      cloudWatch.putMetricData(
          r ->
              r.namespace(SidecarAlarm.NAMESPACE)
                  .metricData(proxyMemory(PROD, "orders", PROXY, 41.5)));
      AlarmReconcileGuard guard = guard(SidecarAlarmSettings.DEFAULTS);
      assertEquals(1, reconcile(guard, fleet).plan().create().size());
      assertEquals(ORDERS_THRESHOLD, alarm(alarmName(PROD, "orders")).threshold(), 0.0);

      // A new revision of the family: task memory 2048, the container still 960.
      String bigger = registerOrders("2048");
      ecs.updateService(r -> r.cluster(PROD).service("orders").taskDefinition(bigger));
      if (!bigger.equals(primaryTaskDefinition(fleet.service("prod", "orders")))) {
        // moto sets the service's taskDefinition but keeps the PRIMARY deployment's (which the
        // guardrail reads, as ECS starts a new PRIMARY deployment on the new revision): re-create
        // the service on the revision, as a new deployment would show it.
        System.out.println(
            "NOTE| the endpoint's UpdateService left the PRIMARY deployment on "
                + primaryTaskDefinition(fleet.service("prod", "orders"))
                + "; re-creating "
                + serviceArn
                + " on "
                + bigger);
        ecs.deleteService(r -> r.cluster(PROD).service("orders").force(true));
        ecs.createService(
            r ->
                r.cluster(PROD)
                    .serviceName("orders")
                    .taskDefinition(bigger)
                    .launchType(LaunchType.EC2)
                    .desiredCount(2));
      }
      assertEquals(bigger, primaryTaskDefinition(fleet.service("prod", "orders")));

      AlarmReconcileGuard.Result result = reconcile(guard, fleet);

      int threshold = (2048 - 960) * 80 / 100;
      assertEquals(List.of(), result.plan().create());
      assertEquals(List.of(), result.plan().delete());
      assertEquals(
          List.of(alarmName(PROD, "orders") + " " + threshold),
          result.plan().update().stream().map(a -> a.name() + " " + a.thresholdMib()).toList());
      MetricAlarm alarm = alarm(alarmName(PROD, "orders"));
      assertEquals(threshold, alarm.threshold(), 0.0);
      assertEquals(PROXY, dimensions(alarm.dimensions()).get("ContainerName"));
      assertEquals("true", alarmTags(alarm.alarmArn()).get(SidecarAlarm.MANAGED_TAG));
      assertTrue(reconcile(guard, fleet).plan().changesNothing(), "converged");
    }
  }

  @Test
  void deletedServiceThenCluster_loseTheirAlarms_andAUsersAlarmOnTheSameMetricIsLeftAlone() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      fleet.createService("prod", "orders", "orders-grpc", 2);
      fleet.createService("prod", "billing", "orders-grpc", 2);
      fleet.createService("staging", "orders", "orders-grpc", 1);
      cloudWatch.putMetricData(
          r ->
              r.namespace(SidecarAlarm.NAMESPACE)
                  .metricData(
                      proxyMemory(PROD, "orders", PROXY, 41.5),
                      proxyMemory(PROD, "billing", "ecs-service-connect-B1ll1", 20),
                      proxyMemory(STAGING, "orders", "ecs-service-connect-St4g3", 30)));
      AlarmReconcileGuard guard = guard(SidecarAlarmSettings.DEFAULTS);
      assertEquals(3, reconcile(guard, fleet).plan().create().size());
      String usersAlarm = "orders-proxy-memory (by hand)";
      putUsersAlarm(usersAlarm, PROD, "orders", PROXY);

      // moto keeps listing a deleted service, as INACTIVE: the sweep must not count it as live.
      ecs.deleteService(r -> r.cluster(PROD).service("orders").force(true));
      AlarmReconcileGuard.Result afterService = reconcile(guard, fleet);

      assertEquals(List.of(alarmName(PROD, "orders")), afterService.plan().delete());
      assertEquals(2, afterService.plan().unchanged());

      ecs.deleteService(r -> r.cluster(STAGING).service("orders").force(true));
      ecs.deleteCluster(r -> r.cluster(STAGING));
      AlarmReconcileGuard.Result afterCluster = reconcile(guard, fleet);

      assertEquals(List.of(), afterCluster.skipped());
      assertEquals(List.of(alarmName(STAGING, "orders")), afterCluster.plan().delete());
      assertEquals(List.of(alarmName(PROD, "billing")), alarmNames(guardrailAlarms()));
      assertEquals(
          1,
          cloudWatch.describeAlarms(r -> r.alarmNames(usersAlarm)).metricAlarms().size(),
          "the user's alarm is not the guardrail's to delete");
    }
  }

  // ---- SM001: the alarm's state changes ---------------------------------------------------------

  private static String alarmArn(Fleet fleet) {
    return "arn:aws:cloudwatch:"
        + Emulator.REGION
        + ":"
        + fleet.account
        + ":alarm:"
        + alarmName(PROD, "orders");
  }

  @Test
  void alarmFires_oneSm001InTheOneSchema_andTheReplayIsADuplicate() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      SidecarAlarmGuard guard = fleet.alarmGuard(clients);
      String alarmArn = alarmArn(fleet);
      byte[] fired = fleet.alarmEvent(ALARM);

      assertEquals("fired", guard.handle(fired));

      List<JsonNode> delivered = fleet.delivered(1, PATIENCE);
      assertEquals(1, delivered.size(), delivered.toString());
      JsonNode envelope = delivered.getFirst();
      assertEquals(
          Map.of(
              "kind", "sidecar-memory",
              "severity", "HIGH",
              "cluster", PROD,
              "service", "orders",
              "alarmState", "ALARM",
              "account", fleet.account,
              "region", Emulator.REGION),
          attributes(
              envelope,
              "kind",
              "severity",
              "cluster",
              "service",
              "alarmState",
              "account",
              "region"));
      assertEquals("String.Array", envelope.at("/MessageAttributes/ruleIds/Type").asText());
      assertEquals("[\"SM001\"]", envelope.at("/MessageAttributes/ruleIds/Value").asText());
      assertEquals(
          "[HIGH] ecs-guardrail SM001 proxy memory of " + PROD + "/orders high",
          envelope.get("Subject").asText());
      JsonNode sqsBody = json(envelope.get("Message").asText());
      assertEquals("sidecar-memory", sqsBody.get("kind").asText());
      JsonNode finding = sqsBody.at("/findings/0");
      assertEquals("SM001", finding.get("ruleId").asText());
      assertEquals(alarmArn, finding.at("/details/alarmArn").asText());
      assertEquals(PROXY, finding.at("/details/containerName").asText());
      assertEquals(819.0, finding.at("/details/thresholdMib").asDouble(), 0.0);
      assertEquals(
          "[790.0,826.5,841.0,858.25,872.0]",
          finding.at("/details/recentDatapointsMib").toString());
      String firedThread = null;
      if (Emulator.isMoto()) {
        MotoSns.Published sent = MotoSns.published(fleet.topicArn).getFirst();
        String email = sent.body("email");
        JsonNode chat = json(sent.body("default"));
        System.out.println("SM001-EMAIL| " + sent.subject());
        System.out.println("SM001-EMAIL| " + email.strip().replace("\n", "\nSM001-EMAIL| "));
        System.out.println("SM001-CHAT| " + pretty(chat).replace("\n", "\nSM001-CHAT| "));
        assertTrue(email.contains("of gRPC service " + PROD + "/orders "), email);
        assertTrue(
            email.contains(
                "went above 819 MiB: 790, 826.5, 841, 858.3, 872 MiB in the last periods"),
            email);
        assertTrue(email.contains("proxy container " + PROXY), email);
        assertTrue(email.contains("Alarm: " + alarmArn + "\n"), email);
        assertTrue(
            email.contains(
                "aws ecs update-service --cluster "
                    + PROD
                    + " --service orders"
                    + " --force-new-deployment"),
            email);
        firedThread = chat.at("/metadata/threadId").asText();
        assertEquals("ecs-guardrail/alarm/" + alarmArn, firedThread);
        assertEquals(sent.subject(), chat.at("/metadata/summary").asText());
        assertTrue(
            chat.at("/content/description").asText().contains("serves gRPC"), chat.toString());
      }

      // EventBridge delivers at least once: the same event again alerts no one.
      assertEquals("duplicate", guard.handle(fired));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "the replay publishes nothing");
    }
  }

  @Test
  void alarmRecovers_aNoteInTheAlarmsThread() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      SidecarAlarmGuard guard = fleet.alarmGuard(clients);
      String alarmArn = alarmArn(fleet);
      assertEquals("fired", guard.handle(fleet.alarmEvent(ALARM)));
      assertEquals(1, fleet.delivered(1, PATIENCE).size());
      String firedThread =
          Emulator.isMoto()
              ? json(MotoSns.published(fleet.topicArn).getFirst().body("default"))
                  .at("/metadata/threadId")
                  .asText()
              : null;

      // ALARM -> OK: a recovery note, in the alarm's thread.
      assertEquals("recovered", guard.handle(fleet.alarmEvent(OK)));
      List<JsonNode> recovery = fleet.delivered(1, PATIENCE);
      assertEquals(1, recovery.size(), recovery.toString());
      assertEquals(
          Map.of("kind", "sidecar-memory", "severity", "HIGH", "alarmState", "OK"),
          attributes(recovery.getFirst(), "kind", "severity", "alarmState"));
      assertEquals(
          "[OK] ecs-guardrail SM001 proxy memory of " + PROD + "/orders back below threshold",
          recovery.getFirst().get("Subject").asText());
      JsonNode recoveryBody = json(recovery.getFirst().get("Message").asText());
      assertEquals(0, recoveryBody.get("findings").size(), recoveryBody.toString());
      assertTrue(recoveryBody.get("reason").asText().contains(alarmArn), recoveryBody.toString());
      if (Emulator.isMoto()) {
        List<MotoSns.Published> all = MotoSns.published(fleet.topicArn);
        assertEquals(2, all.size(), "the alert and its recovery, no replay");
        JsonNode chat = json(all.getLast().body("default"));
        assertEquals(firedThread, chat.at("/metadata/threadId").asText());
        String email = all.getLast().body("email");
        System.out.println("SM001-OK-EMAIL| " + email.strip().replace("\n", "\nSM001-OK-EMAIL| "));
        assertTrue(email.contains("back below 819 MiB"), email);
      }
    }
  }

  @Test
  void insufficientData_isLoggedOnly() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      SidecarAlarmGuard guard = fleet.alarmGuard(clients);
      // INSUFFICIENT_DATA (no task running, say): logged only.
      assertEquals("logged", guard.handle(fleet.alarmEvent(INSUFFICIENT)));
      assertEquals(0, fleet.delivered(0, QUIET).size(), "INSUFFICIENT_DATA alerts no one");
    }
  }

  @Test
  void alarmEventThatCannotBePlaced_isReportedOnceAsEv001() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      SidecarAlarmGuard guard = fleet.alarmGuard(clients);
      // An alarm event whose metric has no dimensions cannot be placed: reported, once.
      ObjectNode malformed = (ObjectNode) json(new String(fleet.alarmEvent(ALARM), UTF8));
      malformed.put("id", "5e1a0c2d-7b3f-4e8a-9c61-0000000002ff");
      ((ObjectNode) malformed.at("/detail/configuration/metrics/0/metricStat/metric"))
          .remove("dimensions");
      assertEquals("unreadable", guard.handle(malformed.toString().getBytes(UTF8)));
      List<JsonNode> reported = fleet.delivered(1, PATIENCE);
      assertEquals(1, reported.size(), reported.toString());
      assertEquals(
          "sidecar-memory", reported.getFirst().at("/MessageAttributes/kind/Value").asText());
      assertEquals(
          "[\"EV001\"]", reported.getFirst().at("/MessageAttributes/ruleIds/Value").asText());
      String subject = reported.getFirst().get("Subject").asText();
      assertEquals(
          "[MEDIUM] ecs-guardrail cannot evaluate event 5e1a0c2d-7b3f-4e8a-9c61-0000000002ff",
          subject);
      JsonNode decision = json(reported.getFirst().get("Message").asText());
      assertFalse(decision.get("evaluable").asBoolean(), decision.toString());
      assertEquals("EV001", decision.at("/findings/0/ruleId").asText(), decision.toString());
      assertTrue(
          decision.get("reason").asText().contains("no metricStat with dimensions"),
          decision.toString());
    }
  }

  // ---- a measurement ----------------------------------------------------------------------------

  @Test
  void measure_reconcileOf200GrpcServices() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      List<String> clusters = List.of(PROD, STAGING, Fleet.PREFIX + "eu", Fleet.PREFIX + "apac");
      long seedStart = System.nanoTime();
      for (String extra : clusters.subList(2, 4)) {
        ecs.createCluster(r -> r.clusterName(extra));
      }
      String ordersGrpc = primaryTaskDefinition(fleet.service("prod", createFirst(fleet)));
      List<MetricDatum> metrics = new ArrayList<>();
      int services = 200;
      for (int i = 0; i < services; i++) {
        String cluster = clusters.get(i % clusters.size());
        String name = "grpc-" + i;
        if (i > 0) {
          ecs.createService(
              r ->
                  r.cluster(cluster)
                      .serviceName(name)
                      .taskDefinition(ordersGrpc)
                      .launchType(LaunchType.EC2)
                      .desiredCount(1));
        }
        metrics.add(proxyMemory(cluster, name, "ecs-service-connect-" + (10000 + i), 30));
        // The app container's and a per-task proxy metric too: 600 metrics, two ListMetrics pages.
        metrics.add(proxyMemory(cluster, name, "orders", 500));
        metrics.add(
            datum(
                30,
                dimension("ClusterName", cluster),
                dimension("ServiceName", name),
                dimension("ContainerName", "ecs-service-connect-" + (10000 + i)),
                dimension("TaskId", "task" + i)));
      }
      for (int i = 0; i < metrics.size(); i += 150) {
        List<MetricDatum> batch = metrics.subList(i, Math.min(metrics.size(), i + 150));
        cloudWatch.putMetricData(r -> r.namespace(SidecarAlarm.NAMESPACE).metricData(batch));
      }
      long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
      AlarmReconcileGuard guard = guard(SidecarAlarmSettings.DEFAULTS);

      calls.reset();
      long firstStart = System.nanoTime();
      AlarmReconcileGuard.Result first = reconcile(guard, fleet);
      long firstMillis = (System.nanoTime() - firstStart) / 1_000_000;
      List<String> firstCalls = calls.operations();
      calls.reset();
      long secondStart = System.nanoTime();
      AlarmReconcileGuard.Result second = reconcile(guard, fleet);
      long secondMillis = (System.nanoTime() - secondStart) / 1_000_000;
      List<String> secondCalls = calls.operations();

      System.out.println(
          "MEASURE reconcile services="
              + services
              + " clusters="
              + clusters.size()
              + " first_calls="
              + firstCalls.size()
              + " ("
              + byOperation(firstCalls)
              + ") first_ms="
              + firstMillis
              + " second_calls="
              + secondCalls.size()
              + " ("
              + byOperation(secondCalls)
              + ") second_ms="
              + secondMillis
              + " seed_ms="
              + seedMillis);
      assertEquals(List.of(), first.skipped());
      assertEquals(services, first.plan().create().size());
      assertEquals(services, guardrailAlarms().size());
      assertEquals(
          services,
          count(firstCalls, "PutMetricAlarm"),
          "one PutMetricAlarm per created alarm: " + byOperation(firstCalls));
      assertEquals(0, count(secondCalls, "PutMetricAlarm"), byOperation(secondCalls));
      assertEquals(services, second.plan().unchanged());
      assertEquals(2, count(firstCalls, "ListMetrics"), "600 metrics: two pages of 500");
    }
  }

  /** The first of the 200, through the fleet (which knows the task definition's ARN). */
  private static String createFirst(Fleet fleet) {
    fleet.createService("prod", "grpc-0", "orders-grpc", 1);
    return "grpc-0";
  }

  // ---- the functions as Production builds them, on the emulator ---------------------------------

  private AlarmReconcileGuard guard(SidecarAlarmSettings settings) {
    return new AlarmReconcileGuard(
        InventoryGateway.of(clients),
        new AlarmGateway(clients.cloudWatch()),
        new AlarmPlanner(settings));
  }

  private static AlarmReconcileGuard.Result reconcile(AlarmReconcileGuard guard, Fleet fleet) {
    return guard.reconcile(fleet.account, Emulator.REGION, Instant.now().plusSeconds(120));
  }

  // ---- seeding ----------------------------------------------------------------------------------

  /** A proxy's memory as Container Insights (enhanced) reports it for a service, MiB, now. */
  /** A new revision of orders-grpc with task memory {@code memory}; its ARN. */
  private String registerOrders(String memory) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(Fleet.PREFIX + "orders-grpc")
                    .networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("512")
                    .memory(memory)
                    .containerDefinitions(
                        c ->
                            c.name("orders")
                                .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:2.15.0")
                                .cpu(384)
                                .essential(true)
                                .memory(960)
                                .portMappings(
                                    p ->
                                        p.name("grpc")
                                            .containerPort(50051)
                                            .protocol("tcp")
                                            .appProtocol("grpc"))))
        .taskDefinition()
        .taskDefinitionArn();
  }

  /** An EC2 task definition serving gRPC with container memory only, no task-level memory. */
  private String registerGrpcWithoutTaskMemory() {
    return ecs.registerTaskDefinition(
            r ->
                r.family(Fleet.PREFIX + "ledger-grpc")
                    .networkMode(NetworkMode.BRIDGE)
                    .requiresCompatibilities(Compatibility.EC2)
                    .containerDefinitions(
                        c ->
                            c.name("ledger")
                                .image("public.ecr.aws/docker/library/busybox:latest")
                                .memory(256)
                                .portMappings(
                                    p ->
                                        p.name("grpc")
                                            .containerPort(50051)
                                            .protocol("tcp")
                                            .appProtocol("grpc"))))
        .taskDefinition()
        .taskDefinitionArn();
  }

  /** An alarm a person made on a proxy's memory, not named as the guardrail's. */
  private void putUsersAlarm(String name, String cluster, String service, String container) {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName(name)
                .namespace(SidecarAlarm.NAMESPACE)
                .metricName(SidecarAlarm.METRIC)
                .dimensions(
                    dimension("ClusterName", cluster),
                    dimension("ServiceName", service),
                    dimension("ContainerName", container))
                .statistic(Statistic.AVERAGE)
                .period(300)
                .evaluationPeriods(1)
                .threshold(40.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
  }

  // ---- reading back -----------------------------------------------------------------------------

  private static String alarmName(String cluster, String service) {
    return SidecarAlarm.NAME_PREFIX + cluster + "-" + service;
  }

  private List<MetricAlarm> guardrailAlarms() {
    List<MetricAlarm> alarms = new ArrayList<>();
    cloudWatch
        .describeAlarmsPaginator(r -> r.alarmNamePrefix(SidecarAlarm.NAME_PREFIX))
        .metricAlarms()
        .forEach(alarms::add);
    return alarms;
  }

  private MetricAlarm alarm(String name) {
    List<MetricAlarm> found = cloudWatch.describeAlarms(r -> r.alarmNames(name)).metricAlarms();
    assertEquals(1, found.size(), name + ": " + found);
    return found.getFirst();
  }

  private Map<String, String> alarmTags(String arn) {
    Map<String, String> tags = new TreeMap<>();
    cloudWatch
        .listTagsForResource(r -> r.resourceARN(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static List<String> alarmNames(List<MetricAlarm> alarms) {
    return alarms.stream().map(MetricAlarm::alarmName).sorted().toList();
  }

  private static Map<String, MetricAlarm> byName(List<MetricAlarm> alarms) {
    Map<String, MetricAlarm> byName = new TreeMap<>();
    alarms.forEach(a -> byName.put(a.alarmName(), a));
    return byName;
  }

  private static List<String> names(List<SidecarAlarm> alarms) {
    return alarms.stream().map(SidecarAlarm::name).toList();
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    Map<String, String> map = new LinkedHashMap<>();
    dimensions.forEach(d -> map.put(d.name(), d.value()));
    return map;
  }

  private static String primaryTaskDefinition(Service service) {
    return service.deployments().stream()
        .filter(d -> "PRIMARY".equals(d.status()))
        .map(d -> d.taskDefinition())
        .findFirst()
        .orElse(service.taskDefinition());
  }

  /** Whether the endpoint kept (would show) a Service Connect configuration on the service. */
  private static boolean serviceConnectKept(Service service) {
    return service.deployments().stream()
        .anyMatch(
            d ->
                d.serviceConnectConfiguration() != null
                    && Boolean.TRUE.equals(d.serviceConnectConfiguration().enabled()));
  }

  private static long count(List<String> operations, String operation) {
    return operations.stream().filter(op -> op.endsWith(":" + operation)).count();
  }

  private static String byOperation(List<String> operations) {
    return new TreeMap<>(
            operations.stream().collect(Collectors.groupingBy(op -> op, Collectors.counting())))
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }

  private static Map<String, String> attributes(JsonNode envelope, String... names) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String name : names) {
      attributes.put(name, envelope.at("/MessageAttributes/" + name + "/Value").asText());
    }
    return attributes;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static JsonNode json(String text) {
    return StrictJson.parse(text.getBytes(UTF8), "JSON");
  }

  private static String pretty(JsonNode node) {
    try {
      return StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
