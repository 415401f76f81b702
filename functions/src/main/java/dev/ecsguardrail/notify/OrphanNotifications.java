package dev.ecsguardrail.notify;

import dev.ecsguardrail.cost.AlarmPrice;
import dev.ecsguardrail.cost.CloudMapPrice;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.event.ClusterDeletion;
import dev.ecsguardrail.model.Orphan;
import dev.ecsguardrail.orphan.DigestTotals;
import dev.ecsguardrail.orphan.ExemptionNote;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.RuleInfo;
import dev.ecsguardrail.rules.Severity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NS001 alert after a DeleteCluster, and the weekly digest. Pure. Threads: one per namespace
 * for the alert, one per account and Region for the digest.
 */
public final class OrphanNotifications {

  /** The kind of an NS001 alert: its SNS attribute and its decision's kind. */
  public static final String ORPHAN = "orphan";

  public static final String DIGEST = "digest";

  /** Orphans listed in full in a digest; the rest are counted ("and N more"). */
  static final int DIGEST_LIST = 50;

  /** Services named per rule in the digest's standing findings. */
  static final int RESOURCES_PER_RULE = 10;

  /** Cleanup commands shown per orphan (one per instance can run to thousands). */
  static final int CLEANUP_SHOWN = 10;

  private static final RuleInfo NS001 = OrphanedNamespaceRule.INFO;

  private OrphanNotifications() {}

  /**
   * NS001 for the namespace a deleted cluster left behind; the SQS body is the decision in the one
   * schema.
   */
  public static Notification leftBehind(
      ClusterDeletion deletion, Orphan orphan, Decision decision) {
    String severity = NS001.severity().name();
    String subject =
        "["
            + severity
            + "] ecs-guardrail NS001 namespace "
            + orphan.name()
            + " left behind"; // the cluster is named in the body: ECS names namespaces after it
    String threadId = "ecs-guardrail/namespace/" + orphan.arn();
    StringBuilder chat = new StringBuilder();
    chat.append("*DeleteCluster* of `")
        .append(ChatMessage.md(deletion.clusterName()))
        .append("` in ")
        .append(ChatMessage.md(deletion.account()))
        .append(" / ")
        .append(ChatMessage.md(deletion.region()))
        .append(" by ")
        .append(ChatMessage.md(deletion.caller().principal()))
        .append(" (")
        .append(ChatMessage.md(deletion.caller().tool()))
        .append(") at ")
        .append(deletion.eventTime())
        .append("\n\n• *NS001* ")
        .append(severity)
        .append(" — ")
        .append(NS001.title())
        .append("\n   `")
        .append(ChatMessage.md(orphan.name()))
        .append("` (")
        .append(ChatMessage.md(orphan.namespaceType()))
        .append("): ")
        .append(count(orphan.services(), "Cloud Map service"))
        .append(", ")
        .append(count(orphan.instances(), "instance"))
        .append(" left\n   Cost: $")
        .append(orphan.monthlyCostUsd().toPlainString())
        .append(" per month (estimate)\n   <")
        .append(NS001.link())
        .append("|NS001 explained>");
    List<String> steps = new ArrayList<>();
    steps.add("`bin/ecs-guardrail cleanup --namespace " + ChatMessage.md(orphan.arn()) + " --yes`");
    shownCleanup(orphan).forEach(c -> steps.add("`" + ChatMessage.md(c) + "`"));
    String chatJson =
        ChatMessage.custom(
                ChatMessage.emoji(severity)
                    + " "
                    + severity
                    + " · NS001 namespace "
                    + ChatMessage.md(orphan.name())
                    + " left behind",
                chat.toString(),
                steps,
                ChatMessage.keywords(severity, List.of(NS001.id())),
                threadId,
                oneLine(subject),
                ORPHAN,
                List.of(orphan.arn(), deletion.clusterArn() == null ? "" : deletion.clusterArn()))
            .toString();
    StringBuilder email = new StringBuilder();
    email
        .append("ecs-guardrail: Cloud Map namespace ")
        .append(orphan.name())
        .append(" left behind by cluster ")
        .append(deletion.clusterName())
        .append(" (")
        .append(severity)
        .append(")\n\n")
        .append("What:  DeleteCluster of ")
        .append(deletion.clusterName())
        .append(" left its Service Connect namespace behind\n")
        .append("Where: account ")
        .append(deletion.account())
        .append(", ")
        .append(deletion.region())
        .append("\nWhen:  ")
        .append(deletion.eventTime())
        .append("\nWho:   ")
        .append(deletion.caller().principal())
        .append(" with ")
        .append(deletion.caller().tool())
        .append("\nEvent: ")
        .append(deletion.eventId())
        .append("\n\n");
    orphanBlock(email, orphan, "");
    email
        .append("\nWhy it matters: ")
        .append(NS001.rationale())
        .append("\nRule: NS001, ")
        .append(NS001.link())
        .append("\n");
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", ORPHAN);
    attributes.put("severity", severity);
    attributes.put("eventId", deletion.eventId());
    attributes.put("account", NotificationRenderer.orUnknown(deletion.account()));
    attributes.put("region", NotificationRenderer.orUnknown(deletion.region()));
    attributes.put("cluster", NotificationRenderer.orUnknown(deletion.clusterName()));
    attributes.put("service", "none");
    return new Notification(
            oneLine(subject),
            chatJson,
            email.toString(),
            DecisionJson.toJson(decision).toString(),
            attributes,
            List.of(NS001.id()))
        .fitting(NotificationRenderer.MAX_SNS_BYTES);
  }

  /**
   * The weekly digest: totals first (with the change since last week), then what was left behind,
   * then what the sweep could not see.
   *
   * @param previous last week's totals, when there were any
   */
  public static Notification digest(
      SweepResult sweep, Optional<DigestTotals> previous, LocalDate today) {
    boolean nothingFound = sweep.orphans().isEmpty() && sweep.standingFindings().isEmpty();
    String severity =
        sweep
            .highestFindingSeverity()
            .map(Severity::name)
            .orElse(!sweep.orphans().isEmpty() ? "LOW" : (sweep.complete() ? "NONE" : "UNKNOWN"));
    String headline =
        nothingFound ? (sweep.complete() ? "all clear" : "incomplete") : headline(sweep);
    String subject =
        "ecs-guardrail weekly digest "
            + sweep.account()
            + " "
            + sweep.region()
            + ": "
            + headline
            + (sweep.complete() || nothingFound ? "" : " (incomplete)");
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("kind", DIGEST);
    attributes.put("severity", severity);
    attributes.put("account", NotificationRenderer.orUnknown(sweep.account()));
    attributes.put("region", NotificationRenderer.orUnknown(sweep.region()));
    attributes.put("cluster", "all");
    attributes.put("service", "all");
    String chat =
        ChatMessage.custom(
                ":bar_chart: ecs-guardrail weekly digest · " + headline,
                chatDigest(sweep, previous),
                List.of("Run `bin/ecs-guardrail scan` for the full list and the cleanup commands"),
                ChatMessage.keywords(severity, ruleIds(sweep)),
                "ecs-guardrail/digest/" + sweep.account() + "/" + sweep.region(),
                oneLine(subject),
                DIGEST,
                sweep.orphans().stream().limit(DIGEST_LIST).map(Orphan::arn).toList())
            .toString();
    String email = digestEmail(sweep, previous, today);
    List<String> ruleIds = ruleIds(sweep);
    // The JSON body lists fewer items (and says how many it left out) until the message fits.
    int limit = Math.max(sweep.orphans().size(), sweep.findings().size());
    while (true) {
      Notification n =
          new Notification(
              oneLine(subject),
              chat,
              email,
              ScanJson.toJson(sweep, limit).toString(),
              attributes,
              ruleIds);
      if (n.snsSize() <= NotificationRenderer.MAX_SNS_BYTES || limit == 0) {
        return n;
      }
      limit /= 2;
    }
  }

  /** Plain text, readable on a phone: totals, the list, what was skipped. */
  public static String digestEmail(
      SweepResult sweep, Optional<DigestTotals> previous, LocalDate today) {
    DigestTotals now = DigestTotals.of(sweep);
    StringBuilder out = new StringBuilder();
    out.append("ecs-guardrail weekly digest\n")
        .append("Account ")
        .append(sweep.account())
        .append(", ")
        .append(sweep.region())
        .append(", ")
        .append(today)
        .append("\n\n");
    out.append("Left behind:  ")
        .append(now.orphans())
        .append(
            previous
                .map(p -> " (" + signed(now.orphans() - p.orphans()) + " since last week)")
                .orElse(""))
        .append("\nCost:         $")
        .append(now.monthlyCostUsd().toPlainString())
        .append(" per month")
        .append(
            previous
                .map(p -> " (" + signedUsd(now.monthlyCostUsd().subtract(p.monthlyCostUsd())) + ")")
                .orElse(""))
        .append(
            sweep.alarms() == null
                ? ""
                : "\nAlarms:       "
                    + sweep.alarms()
                    + " proxy-memory alarms, $"
                    + sweep.alarmsMonthlyCostUsd().toPlainString()
                    + " per month")
        .append("\nFindings:     ")
        .append(findingCounts(sweep))
        .append("\nSweep:        ")
        .append(
            sweep.complete()
                ? "complete"
                : "INCOMPLETE: "
                    + sweep.skipped().size()
                    + " things not seen or not checked (below); the figures are a lower bound")
        .append("\n");
    if (sweep.orphans().isEmpty()) {
      out.append(
          !sweep.complete()
              ? "\nNo orphan found in what could be read; this is not an all clear.\n"
              : sweep.standingFindings().isEmpty()
                  ? "\nAll clear: no namespace or Cloud Map service is left behind.\n"
                  : "\nNo namespace or Cloud Map service is left behind.\n");
    } else {
      out.append("\nLeft behind\n");
      int n = 0;
      for (Orphan o : sweep.orphans()) {
        if (++n > DIGEST_LIST) {
          out.append("\n...and ")
              .append(sweep.orphans().size() - DIGEST_LIST)
              .append(" more: run bin/ecs-guardrail scan for all of them\n");
          break;
        }
        out.append('\n').append(n).append(". ");
        orphanBlock(out, o, "   ");
      }
    }
    standingFindings(out, sweep);
    if (!sweep.exemptions().isEmpty()) {
      out.append("\nExemptions lapsed or lapsing within ")
          .append(ExemptionNote.WARN_DAYS)
          .append(" days\n");
      sweep.exemptions().stream()
          .limit(DIGEST_LIST)
          .forEach(e -> out.append("  - ").append(e.describe()).append('\n'));
      if (sweep.exemptions().size() > DIGEST_LIST) {
        out.append("  ...and ").append(sweep.exemptions().size() - DIGEST_LIST).append(" more\n");
      }
    }
    if (!sweep.skipped().isEmpty()) {
      out.append("\nNot seen (not judged)\n");
      sweep.skipped().stream()
          .limit(DIGEST_LIST)
          .forEach(s -> out.append("  - ").append(s).append('\n'));
      if (sweep.skipped().size() > DIGEST_LIST) {
        out.append("  ...and ").append(sweep.skipped().size() - DIGEST_LIST).append(" more\n");
      }
    }
    CloudMapPrice cloudMap = PriceTable.bundled().cloudMap(sweep.region());
    AlarmPrice alarms = PriceTable.bundled().alarms(sweep.region());
    out.append("\n-- \n")
        .append("Prices: $")
        .append(usd(cloudMap.instanceMonth()))
        .append(" per registered Cloud Map instance, $")
        .append(usd(cloudMap.hostedZoneMonth()))
        .append(" per Route 53 hosted zone and $")
        .append(usd(alarms.alarmMetricMonth()))
        .append(" per alarm, per month (")
        .append(cloudMap.region())
        .append(" rates; estimates, see the README). Rule NS001: ")
        .append(NS001.link())
        .append('\n');
    return out.toString();
  }

  /** "3 left behind, $1.20/month, 4 standing findings", leaving out what is zero. */
  private static String headline(SweepResult sweep) {
    List<String> parts = new ArrayList<>();
    if (!sweep.orphans().isEmpty()) {
      parts.add(
          sweep.orphans().size()
              + " left behind, $"
              + sweep.totalMonthlyCostUsd().toPlainString()
              + "/month");
    }
    if (!sweep.standingFindings().isEmpty()) {
      parts.add(
          sweep.standingFindings().size()
              + " standing finding"
              + (sweep.standingFindings().size() == 1 ? "" : "s"));
    }
    return String.join(", ", parts);
  }

  /** NS001 when something was left behind, then the standing findings' rules, most severe first. */
  private static List<String> ruleIds(SweepResult sweep) {
    List<String> ids = new ArrayList<>();
    if (!sweep.orphans().isEmpty()) {
      ids.add(NS001.id());
    }
    ids.addAll(byRule(sweep).keySet());
    return ids;
  }

  /** The standing findings grouped by rule: most severe rule first, then by id. */
  private static Map<String, List<Finding>> byRule(SweepResult sweep) {
    Map<String, List<Finding>> byRule = new LinkedHashMap<>();
    sweep.standingFindings().stream()
        .map(Verdict::finding)
        .sorted(
            Comparator.comparing(Finding::severity, Comparator.reverseOrder())
                .thenComparing(Finding::ruleId)
                .thenComparing(Finding::resource))
        .forEach(f -> byRule.computeIfAbsent(f.ruleId(), id -> new ArrayList<>()).add(f));
    return byRule;
  }

  /** "4 on 12 services checked (HIGH 1, MEDIUM 3)", or "none on 12 services checked". */
  private static String findingCounts(SweepResult sweep) {
    String checked = " on " + count(sweep.checkedServices(), "service") + " checked";
    if (sweep.standingFindings().isEmpty()) {
      return "none" + checked;
    }
    Map<Severity, Long> bySeverity = new java.util.TreeMap<>(Comparator.reverseOrder());
    sweep.standingFindings().forEach(v -> bySeverity.merge(v.finding().severity(), 1L, Long::sum));
    StringBuilder counts = new StringBuilder();
    bySeverity.forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(k + " " + v));
    return sweep.standingFindings().size() + checked + " (" + counts + ")";
  }

  /** Standing findings by rule: the rule once, then the services it applies to. */
  private static void standingFindings(StringBuilder out, SweepResult sweep) {
    Map<String, List<Finding>> byRule = byRule(sweep);
    if (byRule.isEmpty()) {
      return;
    }
    out.append("\nStanding findings by rule\n");
    byRule.forEach(
        (id, findings) -> {
          Finding first = findings.getFirst();
          out.append("\n")
              .append(first.severity())
              .append(' ')
              .append(id)
              .append(": ")
              .append(first.title())
              .append(" (")
              .append(findings.size())
              .append(findings.size() == 1 ? " service)\n" : " services)\n");
          findings.stream()
              .limit(RESOURCES_PER_RULE)
              .forEach(f -> out.append("  - ").append(f.resource()).append('\n'));
          if (findings.size() > RESOURCES_PER_RULE) {
            out.append("  ...and ").append(findings.size() - RESOURCES_PER_RULE).append(" more\n");
          }
          out.append("  What to do: ")
              .append(RuleCatalog.info(id).map(RuleInfo::remediation).orElse(first.remediation()))
              .append('\n');
        });
    out.append(
        "\nEach finding in full: bin/ecs-guardrail scan --format text (or --format json).\n");
  }

  /** One orphan, as the e-mails show it. */
  static void orphanBlock(StringBuilder out, Orphan o, String indent) {
    if (Orphan.ALARM.equals(o.kind())) {
      out.append("CloudWatch alarm ")
          .append(o.name())
          .append('\n')
          .append(indent)
          .append("Cost:     $")
          .append(o.monthlyCostUsd().toPlainString())
          .append(" per month\n")
          .append(indent)
          .append("Why:      ")
          .append(o.reason())
          .append('\n')
          .append(indent)
          .append("Clean up: ")
          .append(o.cleanup().getFirst())
          .append('\n');
      return;
    }
    out.append(Orphan.NAMESPACE.equals(o.kind()) ? "Namespace " : "Cloud Map service ")
        .append(o.name())
        .append(" (")
        .append(o.namespaceType())
        .append(")\n")
        .append(indent)
        .append("ARN:      ")
        .append(o.arn())
        .append('\n')
        .append(indent)
        .append("Left:     ")
        .append(count(o.services(), "Cloud Map service"))
        .append(", ")
        .append(count(o.instances(), "instance"))
        .append('\n')
        .append(indent)
        .append("Cost:     $")
        .append(o.monthlyCostUsd().toPlainString())
        .append(" per month (estimate)\n")
        .append(indent)
        .append("Why:      ")
        .append(o.reason())
        .append('\n')
        .append(indent)
        .append("Clean up: bin/ecs-guardrail cleanup --namespace ")
        .append(o.arn())
        .append(" --yes\n")
        .append(indent)
        .append("     or:\n");
    shownCleanup(o).forEach(c -> out.append(indent).append("  ").append(c).append('\n'));
  }

  /** The first cleanup commands, then a line that says how many more the cleanup command runs. */
  static List<String> shownCleanup(Orphan o) {
    if (o.cleanup().size() <= CLEANUP_SHOWN) {
      return o.cleanup();
    }
    List<String> shown = new ArrayList<>(o.cleanup().subList(0, CLEANUP_SHOWN - 1));
    shown.add(
        "... "
            + (o.cleanup().size() - CLEANUP_SHOWN)
            + " more, then: "
            + o.cleanup().getLast()
            + " (bin/ecs-guardrail cleanup runs them all)");
    return shown;
  }

  private static String chatDigest(SweepResult sweep, Optional<DigestTotals> previous) {
    DigestTotals now = DigestTotals.of(sweep);
    StringBuilder out = new StringBuilder();
    out.append("*")
        .append(now.orphans())
        .append("* left behind")
        .append(previous.map(p -> " (" + signed(now.orphans() - p.orphans()) + ")").orElse(""))
        .append(", *$")
        .append(now.monthlyCostUsd().toPlainString())
        .append("* per month in ")
        .append(ChatMessage.md(sweep.account()))
        .append(" / ")
        .append(ChatMessage.md(sweep.region()))
        .append('\n');
    if (!sweep.complete()) {
      out.append("_Incomplete:_ ")
          .append(sweep.skipped().size())
          .append(" reads failed; not an all clear\n");
    }
    for (Orphan o : sweep.orphans()) {
      String line =
          "\n• `"
              + ChatMessage.md(o.name())
              + "` "
              + o.kind()
              + " ("
              + ChatMessage.md(o.namespaceType())
              + "), "
              + o.instances()
              + " instances, $"
              + o.monthlyCostUsd().toPlainString()
              + "/month";
      if (out.length() + line.length() > ChatMessage.MAX_DESCRIPTION - 200) {
        out.append("\n…and more: run `bin/ecs-guardrail scan`");
        break;
      }
      out.append(line);
    }
    Map<String, List<Finding>> byRule = byRule(sweep);
    if (!byRule.isEmpty()) {
      out.append("\n\n*Standing findings* (")
          .append(sweep.standingFindings().size())
          .append(" on ")
          .append(count(sweep.checkedServices(), "service"))
          .append(")");
    }
    for (Map.Entry<String, List<Finding>> rule : byRule.entrySet()) {
      List<Finding> findings = rule.getValue();
      String line =
          "\n• *"
              + rule.getKey()
              + "* "
              + findings.getFirst().severity()
              + " ×"
              + findings.size()
              + ": "
              + findings.stream()
                  .limit(3)
                  .map(f -> "`" + ChatMessage.md(f.resource()) + "`")
                  .collect(java.util.stream.Collectors.joining(", "))
              + (findings.size() > 3 ? ", …" : "");
      if (out.length() + line.length() > ChatMessage.MAX_DESCRIPTION - 100) {
        out.append("\n…and more: run `bin/ecs-guardrail scan`");
        break;
      }
      out.append(line);
    }
    return out.toString();
  }

  /** "1 service", "2 services". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Dollars with cents: "0.10", not "0.1". */
  private static String usd(BigDecimal amount) {
    return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  private static String signed(int n) {
    return (n > 0 ? "+" : "") + n;
  }

  private static String signedUsd(BigDecimal usd) {
    return (usd.signum() > 0 ? "+$" : usd.signum() < 0 ? "-$" : "$") + usd.abs().toPlainString();
  }

  private static String oneLine(String subject) {
    return NotificationRenderer.oneLine(subject);
  }
}
