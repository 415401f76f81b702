package dev.ecsguardrail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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
            "..json..",
            "..log..",
            "..event..",
            "..input..",
            "..rules..",
            "..cost..",
            "..flow..",
            "..notify..",
            "..policy..",
            "..slack..",
            "..orphan..",
            "..alarm..",
            "..securityhub..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.ecsguardrail.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  /**
   * Entry points (Lambda handlers, commands) use the flows and the gateways; the flows use the core
   * through ports the gateways implement, never a gateway; the core never reaches up; the records
   * and the JSON reader are below everything.
   */
  @Test
  void layers_entryPointsThenFlowThenCoreThenModel() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Entry")
        .definedBy("..handler..", "..cli..")
        .layer("Gateways")
        .definedBy("..aws..")
        .layer("Flow")
        .definedBy("..flow..")
        .layer("Core")
        .definedBy(
            "..policy..",
            "..rules..",
            "..notify..",
            "..cost..",
            "..orphan..",
            "..alarm..",
            "..event..",
            "..input..",
            "..slack..",
            "..securityhub..")
        .layer("Model")
        .definedBy("..model..", "..json..", "..log..")
        .whereLayer("Entry")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Gateways")
        .mayOnlyBeAccessedByLayers("Entry")
        .whereLayer("Flow")
        .mayOnlyBeAccessedByLayers("Entry", "Gateways")
        .whereLayer("Core")
        .mayOnlyBeAccessedByLayers("Entry", "Gateways", "Flow")
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
