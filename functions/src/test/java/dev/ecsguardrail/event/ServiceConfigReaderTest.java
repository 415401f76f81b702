package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.ServiceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request and response bodies read field by field, with the defaults ECS applies. */
class ServiceConfigReaderTest {

  private static JsonNode json(String text) {
    try {
      return StrictJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ServiceConfig create(String body) {
    return ServiceConfigReader.fromRequest(json(body), "$", true);
  }

  private static ServiceConfig update(String body) {
    return ServiceConfigReader.fromRequest(json(body), "$", false);
  }

  private static ServiceConfig response(String service) {
    return ServiceConfigReader.fromResponse(json(service), "$");
  }

  @Test
  void createServiceWithoutAController_getsTheEcsController() {
    assertEquals("ECS", create("{\"serviceName\": \"api\"}").controllerType());
  }

  @Test
  void updateServiceWithoutAController_leavesItUnknown() {
    assertNull(update("{\"service\": \"api\"}").controllerType());
  }

  @Test
  void aControllerSent_isKeptForCreateAndUpdate() {
    String controller = ", \"deploymentController\": {\"type\": \"CODE_DEPLOY\"}}";

    assertEquals("CODE_DEPLOY", create("{\"serviceName\": \"api\"" + controller).controllerType());
    assertEquals("CODE_DEPLOY", update("{\"service\": \"api\"" + controller).controllerType());
  }

  @Test
  void deploymentStrategy_isRead_andAbsentIsUnknown() {
    assertEquals(
        "BLUE_GREEN",
        create(
                """
                {"serviceName": "api", "deploymentConfiguration": {"strategy": "BLUE_GREEN"}}
                """)
            .strategy());
    assertEquals(
        "ROLLING",
        response(
                """
                {"serviceName": "api", "deploymentConfiguration": {"strategy": "ROLLING"}}
                """)
            .strategy());
    assertNull(create("{\"serviceName\": \"api\", \"deploymentConfiguration\": {}}").strategy());
    assertNull(create("{\"serviceName\": \"api\"}").strategy());
  }

  @Test
  void response_readsThePrimaryDeployment_whereverItIsInTheList() {
    ServiceConfig config =
        response(
            """
            {"serviceName": "orders", "taskDefinition": "orders:7",
             "deployments": [
               {"status": "ACTIVE", "taskDefinition": "orders:7",
                "serviceConnectConfiguration": {"enabled": false}},
               {"status": "PRIMARY", "taskDefinition": "orders:8",
                "serviceConnectConfiguration": {"enabled": true, "services": [{"portName": "grpc"}]}}
             ]}
            """);

    assertEquals("orders:8", config.taskDefinition());
    assertTrue(config.serviceConnectEnabled());
    assertEquals("grpc", config.serviceConnect().services().getFirst().portName());
  }

  @Test
  void response_primaryWithoutATaskDefinition_fallsBackToTheServices() {
    ServiceConfig config =
        response(
            """
            {"serviceName": "orders", "taskDefinition": "orders:7",
             "deployments": [{"status": "PRIMARY"}]}
            """);

    assertEquals("orders:7", config.taskDefinition());
    assertFalse(config.serviceConnectEnabled());
  }

  @Test
  void response_withoutAController_isTheEcsController_andOtherwiseTheOneNamed() {
    assertEquals("ECS", response("{\"serviceName\": \"api\"}").controllerType());
    assertEquals(
        "EXTERNAL",
        response("{\"serviceName\": \"api\", \"deploymentController\": {\"type\": \"EXTERNAL\"}}")
            .controllerType());
  }

  @Test
  void tags_areRead_aTagWithoutAValueIsEmpty() {
    ServiceConfig config =
        create(
            """
            {"serviceName": "api", "tags": [
              {"key": "ecs-guardrail:exempt", "value": "SC002"},
              {"key": "team", "value": "payments"},
              {"key": "flag"}]}
            """);

    assertEquals(
        Map.of("ecs-guardrail:exempt", "SC002", "team", "payments", "flag", ""), config.tags());
    assertEquals(
        Map.of("team", "payments"),
        response(
                """
                {"serviceName": "api", "tags": [{"key": "team", "value": "payments"}]}
                """)
            .tags());
  }

  @Test
  void noTags_areUnknown_notEmpty_soTheyAreReadFromEcs() {
    assertNull(create("{\"serviceName\": \"api\"}").tags());
    assertEquals(Map.of(), create("{\"serviceName\": \"api\", \"tags\": []}").tags());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"team\": \"payments\"}",
        "\"team=payments\"",
        "[{\"key\": \"team\", \"value\": \"payments\"}, {\"value\": \"no key\"}]",
        "[{\"key\": 7, \"value\": \"payments\"}]"
      })
  void tagsInAnotherShape_areUnknown_notAnError(String tags) {
    assertNull(create("{\"serviceName\": \"api\", \"tags\": " + tags + "}").tags());
  }

  @Test
  void serviceRegistries_areCounted() {
    assertEquals(
        List.of(2, 0),
        List.of(
            create("{\"serviceName\": \"api\", \"serviceRegistries\": [{}, {}]}")
                .serviceRegistryCount(),
            create("{\"serviceName\": \"api\"}").serviceRegistryCount()));
  }
}
