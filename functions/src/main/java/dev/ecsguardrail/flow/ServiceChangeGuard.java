package dev.ecsguardrail.flow;

import static dev.ecsguardrail.log.LogFields.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.EventKey;
import dev.ecsguardrail.event.EventParser;
import dev.ecsguardrail.event.ParsedEvent;
import dev.ecsguardrail.event.ServiceChange;
import dev.ecsguardrail.flow.EventLedger.Claim;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import dev.ecsguardrail.notify.NotificationRenderer;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Evaluation;
import dev.ecsguardrail.policy.PolicyEngine;
import dev.ecsguardrail.policy.ResourceTags;
import dev.ecsguardrail.rules.ContextSource;
import dev.ecsguardrail.rules.ContextUnavailableException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service-change flow after parsing: claim the event (exactly once), evaluate, apply the
 * policy, block when it says so, notify once. Anything that fails before the notification is out
 * gives the claim back and propagates, so Lambda retries the event and, in the end, dead-letters
 * it: nothing is lost. Once it is out, failing to record the event as done is logged, not raised: a
 * retry would notify twice.
 */
public final class ServiceChangeGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceChangeGuard.class);

  private final ServiceChangeCheck check;
  private final ContextSource context;
  private final Topic topic;
  private final EventLedger ledger;
  private final PolicyCache policies;
  private final ServiceBlocker blocker;
  private final boolean enforcementAllowed;
  private final SecurityHubPublisher findings;
  private final Clock clock;

  /**
   * @param enforcementAllowed the stack runs with {@code Mode=enforce}
   * @param findings where the findings live on after the alert ({@link SecurityHubPublisher#OFF}
   *     without Security Hub)
   */
  public ServiceChangeGuard(
      ServiceChangeCheck check,
      ContextSource context,
      Topic topic,
      EventLedger ledger,
      PolicyCache policies,
      ServiceBlocker blocker,
      boolean enforcementAllowed,
      SecurityHubPublisher findings,
      Clock clock) {
    this.check = check;
    this.context = context;
    this.topic = topic;
    this.ledger = ledger;
    this.policies = policies;
    this.blocker = blocker;
    this.enforcementAllowed = enforcementAllowed;
    this.findings = findings;
    this.clock = clock;
  }

  /**
   * What happened to one delivery.
   *
   * @param decision {@code null} for a duplicate
   */
  public record Result(String key, boolean duplicate, Decision decision, boolean blocked) {}

  /** One delivery, as the raw bytes Lambda received. */
  public Result handle(byte[] raw) {
    return handle(raw, StrictJson.treeOrNull(raw));
  }

  /**
   * One delivery.
   *
   * @param envelope the bytes read as JSON; {@code null} when they are not JSON
   */
  public Result handle(byte[] raw, JsonNode envelope) {
    String key = EventKey.of(envelope, raw);
    ParsedEvent event = envelope == null ? EventParser.parse(raw) : EventParser.parse(envelope);
    Optional<Result> result = ledger.once(key, claim -> decideAndAct(event, key, claim));
    if (result.isEmpty()) {
      LOG.info("duplicate delivery: already handled", entry("eventKey", key));
      return new Result(key, true, null, false);
    }
    return result.get();
  }

  private Result decideAndAct(ParsedEvent event, String key, Claim claim) {
    PolicyCache.State policy = policies.current();
    if (policy.newProblem() != null) {
      LOG.error("policy document ignored", entry("problem", policy.newProblem()));
      topic.publish(
          NotificationRenderer.operational(
              "Policy document ignored: the defaults stay in force",
              policy.newProblem(),
              "Fix the item id=policy in the ledger table (see the README, Policy and exemptions).",
              "ecs-guardrail/policy"));
    }
    Evaluation evaluation = check.evaluate(event, context);
    Decision decision =
        new PolicyEngine(policy.policy(), enforcementAllowed)
            .decide(
                evaluation,
                evaluation.findings().isEmpty() ? ResourceTags.UNKNOWN : tags(evaluation.change()),
                LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    boolean blocked = false;
    if (decision.blockAction().isPresent()) {
      if (claim.blocked()) {
        decision = decision.blocked(); // an earlier attempt did it; never twice
      } else {
        try {
          blocker.block(decision.blockAction().get());
          ledger.markBlocked(claim);
          decision = decision.blocked();
          blocked = true;
        } catch (ServiceBlocker.BlockRefusedException e) {
          decision = decision.blockFailed(e.getMessage());
        }
      }
    }
    VerdictLog.log(decision, key);
    if (decision.worthNotifying()) {
      topic.publish(NotificationRenderer.render(decision));
    }
    ServiceChange change = evaluation.change();
    if (change != null) {
      findings.afterEvaluation(
          decision.alerted(),
          settled(evaluation),
          change.eventTime(),
          evaluation.eventId(),
          change.caller());
    }
    return new Result(key, false, decision, blocked);
  }

  /**
   * The rules that ran to the end on the service: none when the call failed (nothing changed) or
   * the evaluation could not finish.
   */
  private SecurityHubPublisher.Settled settled(Evaluation evaluation) {
    ServiceChange change = evaluation.change();
    if (!evaluation.evaluable() || change.rejectedByEcs() || change.evaluated() == null) {
      return SecurityHubPublisher.Settled.NOTHING;
    }
    return new SecurityHubPublisher.Settled(
        check.rulesRunOn(change).stream().map(r -> r.info().id()).collect(Collectors.toSet()),
        Set.of(change.evaluated().resource()));
  }

  /** Exemption tags: from the event when it carries them, else from ECS (cached). */
  private ResourceTags tags(ServiceChange change) {
    ServiceConfig service = change == null ? null : change.evaluated();
    if (service == null) {
      return ResourceTags.UNKNOWN;
    }
    Map<String, String> serviceTags = service.tags();
    if (serviceTags == null && service.serviceArn() != null) {
      serviceTags = readTags(service.serviceArn());
    } else if (serviceTags == null && "CreateService".equals(change.eventName())) {
      serviceTags = Map.of(); // a CreateService that sent no tags created a service with none
    }
    Map<String, String> clusterTags;
    try {
      clusterTags = context.cluster(service.cluster()).map(c -> c.tags()).orElse(null);
    } catch (ContextUnavailableException e) {
      clusterTags = null;
    }
    return new ResourceTags(serviceTags, clusterTags);
  }

  private Map<String, String> readTags(String arn) {
    try {
      return context.tags(arn).orElse(null);
    } catch (ContextUnavailableException e) {
      LOG.warn("tags unreadable: exemptions unknown", entry("resource", arn));
      return null;
    }
  }
}
