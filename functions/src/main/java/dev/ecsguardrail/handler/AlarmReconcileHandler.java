package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.alarm.AlarmPlan;
import dev.ecsguardrail.alarm.AlarmPlanner;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.alarm.SidecarAlarmSettings;
import dev.ecsguardrail.aws.AlarmGateway;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.aws.SdkPriming;
import dev.ecsguardrail.flow.AlarmReconcileGuard;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of the proxy-memory alarms' reconcile: the hourly schedule and the ECS service
 * and cluster events invoke it alike (its input is not read: each run reconciles the Region).
 */
public final class AlarmReconcileHandler implements RequestStreamHandler {

  private static final Duration MARGIN = Duration.ofSeconds(10);

  private final AlarmReconcileGuard guard;

  static {
    Priming.register(Priming::alarmPlans, SdkPriming::ecs, SdkPriming::cloudWatch);
  }

  public AlarmReconcileHandler() {
    this(Production.GUARD);
  }

  public AlarmReconcileHandler(AlarmReconcileGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    AccountInvocation invocation = AccountInvocation.of(context, MARGIN);
    AlarmReconcileGuard.Result result =
        FunctionMetrics.around(
            metrics -> {
              AlarmReconcileGuard.Result r =
                  PowertoolsLogging.withLogging(
                      context,
                      () ->
                          guard.reconcile(
                              invocation.account(), invocation.region(), invocation.deadline()));
              FunctionMetrics.count(metrics, "AlarmsCreated", r.plan().create().size());
              FunctionMetrics.count(metrics, "AlarmsUpdated", r.plan().update().size());
              FunctionMetrics.count(metrics, "AlarmsDeleted", r.plan().delete().size());
              return r;
            });
    output.write(StrictJson.MAPPER.writeValueAsBytes(reply(result)));
  }

  static ObjectNode reply(AlarmReconcileGuard.Result result) {
    AlarmPlan plan = result.plan();
    ObjectNode reply = StrictJson.MAPPER.createObjectNode();
    plan.create().stream().map(SidecarAlarm::name).forEach(reply.putArray("created")::add);
    plan.update().stream().map(SidecarAlarm::name).forEach(reply.putArray("updated")::add);
    plan.delete().forEach(reply.putArray("deleted")::add);
    reply.put("unchanged", plan.unchanged());
    plan.pending().forEach(reply.putArray("pending")::add);
    plan.unwatchable().forEach(reply.putArray("unwatchable")::add);
    result.skipped().forEach(reply.putArray("skipped")::add);
    return reply;
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final AlarmReconcileGuard GUARD = create();

    private static AlarmReconcileGuard create() {
      AwsClients clients = AwsClients.forRegion(AwsClients.currentRegion());
      return new AlarmReconcileGuard(
          InventoryGateway.of(clients),
          new AlarmGateway(clients.cloudWatch()),
          new AlarmPlanner(settings()));
    }

    /** The template's parameters; a bad value stops the function at init, with its reason. */
    private static SidecarAlarmSettings settings() {
      SidecarAlarmSettings d = SidecarAlarmSettings.DEFAULTS;
      return new SidecarAlarmSettings(
          "all".equals(System.getenv("SIDECAR_ALARM_SERVICES")),
          number("SIDECAR_MEMORY_THRESHOLD_PERCENT", d.thresholdPercent()),
          d.periodSeconds(),
          number("SIDECAR_ALARM_EVALUATION_PERIODS", d.evaluationPeriods()),
          number("SIDECAR_ALARM_DATAPOINTS", d.datapointsToAlarm()));
    }

    private static int number(String variable, int otherwise) {
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        return otherwise;
      }
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            variable + " should be a whole number, not '" + value + "'");
      }
    }
  }
}
