package dev.ecsguardrail.orphan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.model.ServiceConnectConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeftBehindAlarmsTest {

  private static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

  private static EcsService service(String name) {
    ServiceConfig config =
        new ServiceConfig(
            name,
            CLUSTER,
            "td:1",
            1,
            null,
            "ECS",
            null,
            ServiceConnectConfig.OFF,
            0,
            null,
            null,
            List.of());
    return new EcsService(
        CLUSTER.replace("cluster", "service") + "/" + name,
        CLUSTER,
        List.of(),
        List.of(),
        Map.of(),
        config);
  }

  private static Inventory inventory(boolean complete, Map<String, SidecarAlarm> alarms) {
    return new Inventory(
        "123456789012",
        "us-east-1",
        List.of(),
        Map.of(),
        List.of(new EcsCluster(CLUSTER, "prod", "ACTIVE", null)),
        List.of(service("orders")),
        complete,
        List.of(),
        Map.of(),
        alarms);
  }

  private static SidecarAlarm alarm(String service) {
    return new SidecarAlarm("prod", service, "ecs-service-connect-a", 51, 60, 5, 3);
  }

  @Test
  void anAlarmWhoseServiceIsGone_isLeftBehind_withItsCostAndCleanup_othersAreNot() {
    SidecarAlarm kept = alarm("orders");
    SidecarAlarm gone = alarm("payments");

    List<Orphan> left =
        LeftBehindAlarms.find(
            inventory(true, Map.of(kept.name(), kept, gone.name(), gone)),
            PriceTable.bundled().alarms("us-east-1"));

    assertEquals(1, left.size(), left.toString());
    Orphan o = left.getFirst();
    assertEquals(Orphan.ALARM, o.kind());
    assertEquals("ecs-guardrail-sidecar-memory-prod-payments", o.name());
    assertEquals(
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-guardrail-sidecar-memory-prod-payments",
        o.arn());
    assertEquals(new BigDecimal("0.10"), o.monthlyCostUsd());
    assertEquals(
        List.of(
            "aws cloudwatch delete-alarms --alarm-names ecs-guardrail-sidecar-memory-prod-payments"),
        o.cleanup());
  }

  @Test
  void anIncompleteListing_orAlarmsNotRead_judgeNothing() {
    SidecarAlarm gone = alarm("payments");

    assertEquals(
        List.of(),
        LeftBehindAlarms.find(
            inventory(false, Map.of(gone.name(), gone)), PriceTable.bundled().alarms("us-east-1")));
    assertEquals(
        List.of(),
        LeftBehindAlarms.find(inventory(true, null), PriceTable.bundled().alarms("us-east-1")));
  }
}
