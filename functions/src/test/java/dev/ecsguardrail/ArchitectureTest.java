package dev.ecsguardrail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ecsguardrail");

  @Test
  void pureCodeDoesNotDependOnTheAwsSdk() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..model..",
            "..event..",
            "..rules..",
            "..cost..",
            "..check..",
            "..notify..",
            "..policy..",
            "..slack..",
            "..orphan..",
            "..alarm..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .check(CLASSES);
  }

  /** The rule above would pass vacuously if the SDK were invisible to the importer. */
  @Test
  void awsPackageDependsOnTheSdk_soTheRuleCanSeeIt() {
    assertTrue(
        CLASSES.stream()
            .filter(c -> c.getPackageName().equals("dev.ecsguardrail.aws"))
            .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
            .anyMatch(
                d -> d.getTargetClass().getPackageName().startsWith("software.amazon.awssdk")));
  }
}
