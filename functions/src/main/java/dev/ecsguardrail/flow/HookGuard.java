package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.event.HookRequestParser;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.HookRequest;
import dev.ecsguardrail.notify.HookResponse;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudFormation hook's answer for one request, always within the budget and never an
 * exception: CloudFormation waits 30 seconds, then applies the hook's failure mode. A request that
 * cannot be read, context that cannot be read in time, or a rule that cannot run is {@code
 * InternalFailure}; a finding at or above the fail-on severity is {@code NonCompliant}. Every
 * decision is logged; a failed one is alerted like any finding (kind {@code hook}).
 */
public final class HookGuard {

  private static final Logger LOG = LoggerFactory.getLogger(HookGuard.class);

  /**
   * The context reads (task definition, cluster) run here, so a slow API cannot hold the answer.
   */
  private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();

  private final HookCheck check;
  private final PolicyCache policies;
  private final ContextSource context;
  private final Topic topic;
  private final Severity failOn;
  private final Duration budget;
  private final String region;
  private final Clock clock;

  /**
   * @param failOn the lowest severity that refuses a service ({@code HookFailOn})
   * @param budget how long the evaluation may take, well inside the hook's 30 seconds
   */
  public HookGuard(
      HookCheck check,
      PolicyCache policies,
      ContextSource context,
      Topic topic,
      Severity failOn,
      Duration budget,
      String region,
      Clock clock) {
    this.check = check;
    this.policies = policies;
    this.context = context;
    this.topic = topic;
    this.failOn = failOn;
    this.budget = budget;
    this.region = region;
    this.clock = clock;
  }

  public ObjectNode handle(byte[] request) {
    String token =
        request.length > HookRequestParser.MAX_BYTES
            ? ""
            : HookRequestParser.token(StrictJson.treeOrNull(request));
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    PolicyEngine engine = new PolicyEngine(policies.current().policy(), false);
    Decision decision;
    try {
      HookRequest parsed = HookRequestParser.read(request);
      decision = withinBudget(() -> check.check(parsed, engine, context, region, today), token);
    } catch (MalformedEventException e) {
      decision =
          engine.decide(HookCheck.unreadable(token, e.getMessage()), ResourceTags.UNKNOWN, today);
    }
    VerdictLog.log(decision, token);
    HookResponse.Status status = HookResponse.status(decision, failOn);
    LOG.info("hook answered", entry("eventId", token), entry("status", status.name()));
    if (status != HookResponse.Status.SUCCESS) {
      alert(decision);
    }
    return HookResponse.toJson(decision, failOn);
  }

  private Decision withinBudget(java.util.concurrent.Callable<Decision> evaluation, String token) {
    Future<Decision> future = READS.submit(evaluation);
    try {
      return future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return unreadable(token, "its context could not be read within " + budget.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MalformedEventException malformed) {
        throw malformed;
      }
      LOG.error(
          "hook evaluation failed", entry("eventId", token), entry("error", String.valueOf(cause)));
      return unreadable(
          token, "its context could not be read: " + cause.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreadable(token, "interrupted");
    }
  }

  private Decision unreadable(String token, String reason) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return new PolicyEngine(policies.current().policy(), false)
        .decide(HookCheck.unreadable(token, reason), ResourceTags.UNKNOWN, today);
  }

  /** The answer goes back either way: an alert that cannot be sent is logged, not thrown. */
  private void alert(Decision decision) {
    try {
      topic.publish(NotificationRenderer.render(decision));
    } catch (RuntimeException e) {
      LOG.error(
          "hook alert not sent",
          entry("eventId", decision.evaluation().eventId()),
          entry("error", e.getClass().getSimpleName()));
    }
  }
}
