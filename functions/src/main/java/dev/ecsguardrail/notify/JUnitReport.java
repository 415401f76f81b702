package dev.ecsguardrail.notify;

import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.FailOn;
import dev.ecsguardrail.policy.PartialEvaluation;
import dev.ecsguardrail.policy.RuleNotRun;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.PartialEvaluationRule;
import dev.ecsguardrail.rules.RuleInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A decision as JUnit XML, for CI systems that show test reports: one test suite per file, one test
 * case per resource and rule, failed by an alerted finding at or above {@code --fail-on}. A rule
 * that could not run is a failed case (EV002) when that fails the run, else a skipped one, either
 * with what it needs and how to provide it. For an event (no resources), one case per finding.
 * Every string is escaped for XML 1.0, and characters it cannot hold are dropped.
 */
final class JUnitReport {

  private static final Pattern NOT_XML =
      Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

  private JUnitReport() {}

  private record Case(
      String classname, String name, String file, Failure failure, String skipped) {}

  /**
   * @param type the rule id
   * @param text what a CI system shows under the failed case
   */
  private record Failure(String type, String message, String text) {

    static Failure of(Finding f) {
      return new Failure(
          f.ruleId(),
          f.message(),
          f.severity()
              + " "
              + f.ruleId()
              + " "
              + f.title()
              + (f.location() == null
                  ? ""
                  : "\nat " + f.location().file() + ":" + f.location().lineAndColumn())
              + "\n"
              + f.message()
              + "\nWhat to do: "
              + f.remediation()
              + "\n"
              + f.link());
    }

    static Failure of(RuleNotRun rule, ResourceReport resource, FailOn failOn) {
      RuleInfo ev002 = PartialEvaluationRule.INFO;
      String message = rule.rule().id() + " could not run: " + rule.why();
      return new Failure(
          ev002.id(),
          message,
          rule.rule().severity()
              + " "
              + rule.rule().id()
              + " "
              + rule.rule().title()
              + "\nat "
              + resource.location().file()
              + ":"
              + resource.location().lineAndColumn()
              + "\n"
              + message
              + "\nProvide it: "
              + rule.howToProvide()
              + "\n"
              + ev002.id()
              + " "
              + failOn.standing(rule)
              + "\n"
              + ev002.link());
    }
  }

  static String render(Decision decision, Supplier<Notification> notification, FailOn failOn) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    List<ResourceReport> resources = decision.evaluation().resources();
    if (resources.isEmpty()) {
      List<Case> cases = new ArrayList<>();
      for (Verdict v : decision.verdicts()) {
        Finding f = v.finding();
        cases.add(
            new Case(f.resource(), f.ruleId(), null, failOn.fails(v) ? Failure.of(f) : null, null));
      }
      if (!decision.evaluation().evaluable()) {
        cases.add(
            new Case(
                decision.evaluation().eventId(),
                "evaluated",
                null,
                null,
                decision.evaluation().reason()));
      }
      suites.put(decision.evaluation().eventId(), cases);
    }
    for (ResourceReport r : resources) {
      List<Case> cases = suites.computeIfAbsent(r.location().file(), f -> new ArrayList<>());
      if (r.type().equals("file")) {
        cases.add(new Case(r.address(), "read", r.location().file(), null, r.reason()));
        continue;
      }
      for (String ruleId : r.rulesRun()) {
        Failure failure =
            decision.verdicts().stream()
                .filter(v -> v.finding().ruleId().equals(ruleId))
                .filter(v -> v.finding().resource().equals(r.address()))
                .filter(failOn::fails)
                .findFirst()
                .map(v -> Failure.of(v.finding()))
                .orElse(null);
        cases.add(new Case(r.address(), ruleId, r.location().file(), failure, null));
      }
      for (RuleNotRun rule : PartialEvaluation.of(r).rules()) {
        String id = rule.rule().id();
        cases.add(
            failOn.fails(rule)
                ? new Case(r.address(), id, r.location().file(), Failure.of(rule, r, failOn), null)
                : new Case(
                    r.address(),
                    id,
                    r.location().file(),
                    null,
                    "not run: "
                        + rule.why()
                        + "; provide it: "
                        + rule.howToProvide()
                        + "; "
                        + failOn.standing(rule)));
      }
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long tests = suites.values().stream().mapToLong(List::size).sum();
    xml.append("<testsuites name=\"ecs-guardrail\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(count(suites.values().stream().flatMap(List::stream).toList(), true))
        .append("\">\n");
    suites.forEach(
        (suite, cases) -> {
          xml.append("  <testsuite name=\"")
              .append(escape(suite))
              .append("\" tests=\"")
              .append(cases.size())
              .append("\" failures=\"")
              .append(count(cases, true))
              .append("\" skipped=\"")
              .append(count(cases, false))
              .append("\">\n");
          cases.forEach(c -> testCase(xml, c));
          xml.append("  </testsuite>\n");
        });
    return xml.append("</testsuites>").toString();
  }

  private static void testCase(StringBuilder xml, Case c) {
    xml.append("    <testcase classname=\"")
        .append(escape(c.classname()))
        .append("\" name=\"")
        .append(escape(c.name()))
        .append('"');
    if (c.file() != null) {
      xml.append(" file=\"").append(escape(c.file())).append('"');
    }
    if (c.failure() == null && c.skipped() == null) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n");
    if (c.failure() != null) {
      Failure f = c.failure();
      xml.append("      <failure type=\"")
          .append(escape(f.type()))
          .append("\" message=\"")
          .append(escape(f.message()))
          .append("\">")
          .append(escape(f.text()))
          .append("</failure>\n");
    } else {
      xml.append("      <skipped message=\"").append(escape(c.skipped())).append("\"/>\n");
    }
    xml.append("    </testcase>\n");
  }

  private static long count(List<Case> cases, boolean failures) {
    return cases.stream().filter(c -> failures ? c.failure() != null : c.skipped() != null).count();
  }

  static String escape(String text) {
    String s = NOT_XML.matcher(text == null ? "" : text).replaceAll("");
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append("&#9;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
