package dev.ecsguardrail.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleTableTest {

  private static final String BEGIN = "<!-- rules:begin (generated from RuleCatalog) -->\n";
  private static final String END = "<!-- rules:end -->";

  @Test
  void readmeRuleTable_isTheOneGeneratedFromTheCatalog() throws Exception {
    Path file = Path.of("..", "README.md");
    String readme = Files.readString(file);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    String table = begin < 0 || end < 0 ? "" : readme.substring(begin + BEGIN.length(), end);
    if (Boolean.getBoolean("snapshots.update") && begin >= 0 && end >= 0) {
      Files.writeString(
          file,
          readme.substring(0, begin + BEGIN.length())
              + RuleTable.markdown()
              + readme.substring(end));
      return;
    }
    assertEquals(
        RuleTable.markdown(), table, "README.md's rule table is stale: run bin/update-snapshots");
  }

  @Test
  void everyRuleHasARow() {
    for (RuleInfo rule : RuleCatalog.ALL) {
      assertEquals(
          true,
          RuleTable.markdown().contains("| [" + rule.id() + "](docs/rules/" + rule.id() + ".md)"),
          rule.id());
    }
  }
}
