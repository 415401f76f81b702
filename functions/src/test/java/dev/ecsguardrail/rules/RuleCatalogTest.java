package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RuleCatalogTest {

  @Test
  void everyIdHasAFamilyPrefixAndThreeDigits() {
    for (RuleInfo info : RuleCatalog.ALL) {
      assertTrue(info.id().matches("(SC|NS|SM|EV)\\d{3}"), info.id());
    }
  }

  @Test
  void idsAreUnique() {
    Set<String> seen = new HashSet<>();
    for (RuleInfo info : RuleCatalog.ALL) {
      assertTrue(seen.add(info.id()), "duplicate id " + info.id());
    }
  }

  @Test
  void noFieldIsBlank() {
    for (RuleInfo info : RuleCatalog.ALL) {
      assertNotNull(info.severity(), info.id());
      Stream.of(info.title(), info.rationale(), info.remediation(), info.link())
          .forEach(field -> assertFalse(field == null || field.isBlank(), info.id()));
      assertTrue(info.link().startsWith("https://"), info.id() + ": " + info.link());
    }
  }

  @Test
  void allIsSortedById() {
    List<String> ids = RuleCatalog.ALL.stream().map(RuleInfo::id).toList();
    assertEquals(ids.stream().sorted(Comparator.naturalOrder()).toList(), ids);
  }

  @Test
  void allHasEveryServiceRuleEv001Ev002Ns001AndSm001() {
    Set<RuleInfo> expected = new HashSet<>();
    RuleCatalog.SERVICE_RULES.forEach(rule -> expected.add(rule.info()));
    expected.add(UnevaluableEventRule.INFO);
    expected.add(PartialEvaluationRule.INFO);
    expected.add(OrphanedNamespaceRule.INFO);
    expected.add(SidecarMemoryAlarmRule.INFO);
    assertEquals(expected, Set.copyOf(RuleCatalog.ALL));
    assertEquals(expected.size(), RuleCatalog.ALL.size());
  }

  @Test
  void everyRuleClassIsListedInServiceRules() {
    Set<String> ruleClasses =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ecsguardrail.rules")
                .stream()
                .filter(c -> c.getPackageName().equals("dev.ecsguardrail.rules"))
                .filter(c -> c.getSimpleName().endsWith("Rule"))
                .filter(c -> !c.isInterface() && c.isAssignableTo(Rule.class))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed =
        RuleCatalog.SERVICE_RULES.stream()
            .map(rule -> rule.getClass().getName())
            .collect(Collectors.toCollection(TreeSet::new));

    // Not vacuous: the importer sees the rule classes (there were 12 before SC013).
    assertTrue(ruleClasses.size() > 12, () -> "rule classes found: " + ruleClasses);
    assertEquals(ruleClasses, listed);
  }
}
