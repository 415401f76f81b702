package dev.ecsguardrail.cli;

import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.notify.OrphanNotifications;
import dev.ecsguardrail.notify.ScanJson;
import dev.ecsguardrail.orphan.Inventory;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.orphan.SweepResult;
import dev.ecsguardrail.policy.Policy;
import dev.ecsguardrail.rules.OrphanedNamespaceRule;
import dev.ecsguardrail.rules.RuleCatalog;
import dev.ecsguardrail.rules.Severity;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * {@code scan}: the weekly sweep, now, against the account in the environment (or {@code
 * AWS_ENDPOINT_URL}). Exit 0 clean, 1 something left behind at or above {@code --fail-on}, 2 the
 * sweep could not see everything.
 */
final class ScanCommand implements Command {

  static final String HELP = HelpText.of("scan");

  private static final Arguments.Spec SPEC =
      new Arguments.Spec(Set.of("--format", "--region", "--fail-on", "--policy"), Set.of());

  /** A laptop or CI job has no Lambda timeout; this bounds a sweep that got stuck on throttling. */
  private static final Duration BUDGET = Duration.ofMinutes(10);

  private final InputFiles files;
  private final PrintStream out;
  private final PrintStream err;

  ScanCommand(InputFiles files, PrintStream out, PrintStream err) {
    this.files = files;
    this.out = out;
    this.err = err;
  }

  @Override
  public Arguments.Spec spec() {
    return SPEC;
  }

  @Override
  public String help() {
    return HELP;
  }

  @Override
  public int run(Arguments args) {
    String format = args.oneOf("--format", "json", "json", "text", "email");
    String region = args.region();
    Severity failOn = args.severity();
    Policy policy = args.policy(files);
    AwsClients clients = AwsClients.forCommandLine(region);
    Instant now = Instant.now();
    InventoryGateway inventories = InventoryGateway.of(clients);
    Inventory inventory = inventories.sweep(clients.account(), region, now.plus(BUDGET));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    SweepResult sweep =
        new SweepCheck(
                new OrphanFinder(PriceTable.bundled().cloudMap(region)), RuleCatalog.SERVICE_RULES)
            .judge(inventory, policy, now, inventories::tags);
    out.print(
        switch (format) {
          case "text" -> text(sweep);
          case "email" -> OrphanNotifications.digestEmail(sweep, Optional.empty(), today);
          default -> ScanJson.toJson(sweep).toPrettyString() + "\n";
        });
    if (!sweep.complete()) {
      err.println(
          "ecs-guardrail: the sweep is incomplete: " + sweep.skipped().size() + " reads failed");
      return Main.UNEVALUABLE;
    }
    boolean failing =
        (!sweep.orphans().isEmpty() && OrphanedNamespaceRule.INFO.severity().atLeast(failOn))
            || sweep.highestFindingSeverity().filter(s -> s.atLeast(failOn)).isPresent();
    return failing ? Main.FINDINGS : Main.OK;
  }

  private static String text(SweepResult sweep) {
    StringBuilder s = new StringBuilder();
    s.append(sweep.complete() ? "complete" : "INCOMPLETE")
        .append(": ")
        .append(sweep.orphans().size())
        .append(" left behind, $")
        .append(sweep.totalMonthlyCostUsd().toPlainString())
        .append(" per month\n");
    sweep
        .orphans()
        .forEach(
            o ->
                s.append(
                    String.format(
                        "NS001 %-17s %-40s %3d services %5d instances  $%s/month  %s%n",
                        o.kind(),
                        o.name(),
                        o.services(),
                        o.instances(),
                        o.monthlyCostUsd().toPlainString(),
                        o.arn())));
    s.append(sweep.standingFindings().size())
        .append(
            sweep.standingFindings().size() == 1
                ? " standing finding on "
                : " standing findings on ")
        .append(sweep.checkedServices())
        .append(sweep.checkedServices() == 1 ? " service\n" : " services\n");
    sweep
        .standingFindings()
        .forEach(
            v ->
                s.append(
                    String.format(
                        "%-5s %-6s %-40s %s%n",
                        v.finding().ruleId(),
                        v.finding().severity(),
                        v.finding().resource(),
                        v.finding().message())));
    sweep.skipped().forEach(k -> s.append("skipped: ").append(k).append('\n'));
    return s.toString();
  }
}
