package dev.ecsguardrail.notify;

import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.Verdict;
import dev.ecsguardrail.rules.Finding;
import dev.ecsguardrail.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A decision as JUnit XML, for CI systems that show test reports: one test suite per file, one test
 * case per resource and rule that ran on it, failed by an alerted finding at or above {@code
 * --fail-on}; a rule that could not run is a skipped case, with why. For an event (no resources),
 * one case per finding. Every string is escaped for XML 1.0, and characters it cannot hold are
 * dropped.
 */
final class JUnitReport {

  private static final Pattern NOT_XML =
      Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

  private JUnitReport() {}

  private record Case(
      String classname, String name, String file, Verdict failure, String skipped) {}

  static String render(Decision decision, Supplier<Notification> notification, Severity failOn) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    List<ResourceReport> resources = decision.evaluation().resources();
    if (resources.isEmpty()) {
      List<Case> cases = new ArrayList<>();
      for (Verdict v : decision.verdicts()) {
        Finding f = v.finding();
        cases.add(new Case(f.resource(), f.ruleId(), null, failing(v, failOn) ? v : null, null));
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
        Verdict failure =
            decision.verdicts().stream()
                .filter(v -> v.finding().ruleId().equals(ruleId))
                .filter(v -> v.finding().resource().equals(r.address()))
                .filter(v -> failing(v, failOn))
                .findFirst()
                .orElse(null);
        cases.add(new Case(r.address(), ruleId, r.location().file(), failure, null));
      }
      r.rulesNotRun()
          .forEach(
              (id, why) ->
                  cases.add(
                      new Case(r.address(), id, r.location().file(), null, "not run: " + why)));
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
      Finding f = c.failure().finding();
      xml.append("      <failure type=\"")
          .append(f.ruleId())
          .append("\" message=\"")
          .append(escape(f.message()))
          .append("\">")
          .append(
              escape(
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
                      + f.link()))
          .append("</failure>\n");
    } else {
      xml.append("      <skipped message=\"").append(escape(c.skipped())).append("\"/>\n");
    }
    xml.append("    </testcase>\n");
  }

  private static boolean failing(Verdict v, Severity failOn) {
    return v.outcome().alerted() && v.finding().severity().atLeast(failOn);
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
