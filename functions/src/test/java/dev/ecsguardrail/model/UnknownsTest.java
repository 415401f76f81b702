package dev.ecsguardrail.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownsTest {

  private static Unknowns unknown(String... paths) {
    return Unknowns.of(
        "Task", List.of(paths).stream().map(p -> new UnknownValue(p, "Fn::ImportValue")).toList());
  }

  @Test
  void aRead_raisesOnTheValue_whatHoldsIt_andWhatItHolds() {
    Unknowns port = unknown("containerDefinitions[0].portMappings[1].appProtocol");

    UnknownValueException e =
        assertThrows(
            UnknownValueException.class,
            () -> port.at("containerDefinitions[0]").at("portMappings[1]").read("appProtocol"));
    assertEquals(
        "Task containerDefinitions[0].portMappings[1].appProtocol is Fn::ImportValue",
        e.getMessage());
    assertThrows(UnknownValueException.class, () -> port.read("containerDefinitions"));
    assertThrows(
        UnknownValueException.class,
        () -> unknown("containerDefinitions").at("containerDefinitions[3]").read("cpu"));
    assertDoesNotThrow(() -> port.at("containerDefinitions[0].portMappings[1]").read("name"));
    assertDoesNotThrow(
        () -> port.at("containerDefinitions[0].portMappings[0]").read("appProtocol"));
  }

  @Test
  void presence_raisesOnlyWhenTheElementOrWhatHoldsItIsUnknown() {
    Unknowns registries = unknown("serviceRegistries[0].registryArn");

    assertDoesNotThrow(() -> registries.presence("serviceRegistries[*]"));
    assertThrows(UnknownValueException.class, () -> registries.read("serviceRegistries[*]"));
    assertThrows(
        UnknownValueException.class,
        () -> unknown("serviceRegistries[1]").presence("serviceRegistries[*]"));
    assertThrows(
        UnknownValueException.class,
        () -> unknown("serviceRegistries").presence("serviceRegistries[*]"));
  }

  @Test
  void anyIndex_matchesEveryElement_andNothingElse() {
    Unknowns name = unknown("capacityProviderStrategy[2].capacityProvider");

    assertThrows(
        UnknownValueException.class,
        () -> name.read("capacityProviderStrategy[*].capacityProvider"));
    assertDoesNotThrow(() -> name.read("capacityProviderStrategy[*].weight"));
    assertDoesNotThrow(() -> Unknowns.NONE.read("anything"));
  }
}
