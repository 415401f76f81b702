package dev.ecsguardrail.props;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.input.TerraformPlanReader;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.model.PlannedInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The largest plans: read as a stream, so their size is the reader's time, not its memory. */
class PlanSizeLimitsTest {

  private static ObjectNode sample(String name) throws IOException {
    Path file = Path.of("..", "events", "terraform", name);
    return (ObjectNode) StrictJson.parse(Files.readAllBytes(file), name);
  }

  /** 50 MB of other resources around one service. */
  @Test
  void aFiftyMegabytePlan_isRead() throws IOException {
    ObjectNode plan = sample("new-service-no-app-protocol/plan.json");
    ArrayNode changes = (ArrayNode) plan.get("resource_changes");
    String blob = "x".repeat(4096);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = plan.toString();
    int cut = head.indexOf("\"resource_changes\":[") + "\"resource_changes\":[".length();
    out.write(head.substring(0, cut).getBytes(StandardCharsets.UTF_8));
    String filler =
        "{\"address\":\"aws_s3_object.o%d\",\"mode\":\"managed\",\"type\":\"aws_s3_object\",\"name\":\"o\",\"change\":{\"actions\":[\"create\"],\"after\":{\"content\":\""
            + blob
            + "\"}}},";
    int count = 0;
    while (out.size() < 50 * 1024 * 1024) {
      out.write(filler.formatted(count++).getBytes(StandardCharsets.UTF_8));
    }
    out.write(head.substring(cut).getBytes(StandardCharsets.UTF_8));

    PlannedInput input = TerraformPlanReader.read(out.toByteArray(), "big.json");

    assertEquals(changes.size() - 1, input.services().size());
    assertEquals(
        "aws_ecs_task_definition.orders", input.services().getFirst().taskDefinition().address());
  }
}
