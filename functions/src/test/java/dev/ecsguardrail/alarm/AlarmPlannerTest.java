package dev.ecsguardrail.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguardrail.event.TaskDefinitionReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ContainerView;
import dev.ecsguardrail.model.PortMapping;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.ServiceConnectConfig;
import dev.ecsguardrail.model.ServiceConnectService;
import dev.ecsguardrail.model.TaskDefinitionView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmPlannerTest {

  private static final String PROXY = "ecs-service-connect-oRK9o";

  private final AlarmPlanner planner = new AlarmPlanner(SidecarAlarmSettings.DEFAULTS);

  /** orders-grpc: 1024 MiB task, one 960 MiB container: 64 MiB for the proxy, 80 % is 51. */
  private static TaskDefinitionView td(String family) {
    try {
      Path file = Path.of("..", "events", "taskdefs", family + ".json");
      return TaskDefinitionReader.read(
          StrictJson.parse(Files.readAllBytes(file), file.toString()), family);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static WatchedService service(
      String name, TaskDefinitionView td, ServiceConnectConfig sc, List<String> proxies) {
    ServiceConfig config =
        new ServiceConfig(
            name,
            "prod",
            td == null ? null : td.arn(),
            2,
            "FARGATE",
            "ECS",
            null,
            sc,
            0,
            null,
            Map.of(),
            List.of());
    return new WatchedService("prod", name, config, td, proxies);
  }

  private static ServiceConnectConfig sc(String port) {
    return new ServiceConnectConfig(
        true, "ns", List.of(new ServiceConnectService(port, port, false)));
  }

  private static SidecarAlarm alarm(String service, int threshold) {
    return new SidecarAlarm("prod", service, PROXY, threshold, 60, 5, 3);
  }

  @Test
  void aGrpcServiceWhoseProxyReports_getsAnAlarmAtEightyPercentOfWhatTheTaskLeavesIt() {
    AlarmPlan plan =
        planner.plan(
            List.of(service("orders", td("orders-grpc"), sc("grpc"), List.of(PROXY))),
            Map.of(),
            true);

    assertEquals(List.of(alarm("orders", 51)), plan.create());
    assertEquals("ecs-guardrail-sidecar-memory-prod-orders", plan.create().getFirst().name());
  }

  @Test
  void httpOnly_isNotWatched_unlessTheSettingsSayAllServiceConnect() {
    WatchedService catalog = service("catalog", td("catalog-http"), sc("http"), List.of(PROXY));

    assertEquals(List.of(), planner.plan(List.of(catalog), Map.of(), true).create());
    AlarmPlan all =
        new AlarmPlanner(new SidecarAlarmSettings(true, 80, 60, 5, 3))
            .plan(List.of(catalog), Map.of(), true);
    assertEquals(1, all.create().size());
  }

  @Test
  void serviceConnectOnlyByItsProxysMetrics_andAnyGrpcPort_isWatched() {
    AlarmPlan plan =
        planner.plan(
            List.of(service("orders", td("orders-grpc"), ServiceConnectConfig.OFF, List.of(PROXY))),
            Map.of(),
            true);

    assertEquals(1, plan.create().size());
  }

  @Test
  void noServiceConnect_noAlarm() {
    AlarmPlan plan =
        planner.plan(
            List.of(service("orders", td("orders-grpc"), ServiceConnectConfig.OFF, List.of())),
            Map.of(),
            true);

    assertTrue(plan.create().isEmpty() && plan.pending().isEmpty(), plan.toString());
  }

  @Test
  void beforeItsTasksReport_theServiceIsPending_andItsExistingAlarmIsKept() {
    SidecarAlarm existing = alarm("orders", 51);
    AlarmPlan plan =
        planner.plan(
            List.of(service("orders", td("orders-grpc"), sc("grpc"), List.of())),
            Map.of(existing.name(), existing),
            true);

    assertEquals(List.of("prod/orders"), plan.pending());
    assertEquals(List.of(), plan.delete());
    assertEquals(List.of(), plan.create());
  }

  @Test
  void aTaskSizeChange_updatesTheThreshold_andTheSameAgainChangesNothing() {
    SidecarAlarm old = alarm("orders", 40);
    WatchedService orders = service("orders", td("orders-grpc"), sc("grpc"), List.of(PROXY));

    AlarmPlan plan = planner.plan(List.of(orders), Map.of(old.name(), old), true);
    assertEquals(List.of(alarm("orders", 51)), plan.update());

    SidecarAlarm current = alarm("orders", 51);
    AlarmPlan again = planner.plan(List.of(orders), Map.of(current.name(), current), true);
    assertTrue(again.changesNothing(), again.toString());
    assertEquals(1, again.unchanged());
  }

  @Test
  void severalProxyNames_watchTheSameOneEachTime() {
    WatchedService orders =
        service("orders", td("orders-grpc"), sc("grpc"), List.of("ecs-service-connect-zz", PROXY));

    assertEquals(
        PROXY, planner.plan(List.of(orders), Map.of(), true).create().getFirst().containerName());
  }

  @Test
  void anAlarmWhoseServiceIsGone_isDeleted_butNotWhenTheListingWasIncomplete() {
    SidecarAlarm gone = alarm("gone", 51);

    assertEquals(
        List.of(gone.name()), planner.plan(List.of(), Map.of(gone.name(), gone), true).delete());
    assertEquals(List.of(), planner.plan(List.of(), Map.of(gone.name(), gone), false).delete());
  }

  @Test
  void anUnreadableTaskDefinition_keepsTheAlarm_andSaysWhy() {
    SidecarAlarm existing = alarm("orders", 51);
    AlarmPlan plan =
        planner.plan(
            List.of(service("orders", null, sc("grpc"), List.of(PROXY))),
            Map.of(existing.name(), existing),
            true);

    assertEquals(List.of(), plan.delete());
    assertEquals(List.of("prod/orders: its task definition could not be read"), plan.unwatchable());
  }

  @Test
  void noTaskMemory_orNoneLeftForTheProxy_isUnwatchable() {
    PortMapping grpc = new PortMapping("app", "grpc", 50051, "grpc");
    TaskDefinitionView noMemory =
        new TaskDefinitionView(
            "arn:td/a:1",
            "a",
            "awsvpc",
            List.of("EC2"),
            null,
            null,
            null,
            null,
            null,
            List.of(new ContainerView("app", null, 512, null, List.of(grpc))));
    TaskDefinitionView full =
        new TaskDefinitionView(
            "arn:td/b:1",
            "b",
            "awsvpc",
            List.of("FARGATE"),
            512,
            1024,
            null,
            null,
            null,
            List.of(new ContainerView("app", null, 1024, null, List.of(grpc))));

    AlarmPlan plan =
        planner.plan(
            List.of(
                service("a", noMemory, sc("grpc"), List.of(PROXY)),
                service("b", full, sc("grpc"), List.of(PROXY))),
            Map.of(),
            true);

    assertEquals(List.of(), plan.create());
    assertEquals(2, plan.unwatchable().size(), plan.unwatchable().toString());
    assertTrue(plan.unwatchable().get(0).contains("no task-level memory"), plan.toString());
    assertTrue(plan.unwatchable().get(1).contains("reserve 1024 of 1024 MiB"), plan.toString());
  }

  @Test
  void settingsOutOfRange_areRefusedWithTheReason() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new SidecarAlarmSettings(false, 80, 60, 3, 5));
    assertTrue(e.getMessage().contains("datapoints to alarm (5)"), e.getMessage());
  }
}
