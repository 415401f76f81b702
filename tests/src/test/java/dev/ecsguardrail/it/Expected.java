package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each sample event must produce when evaluated with the seeded {@link Fleet} as context: the
 * rule ids of its golden snapshot ({@code tests/snapshots/}, made offline on {@code
 * events/context/fleet.json}, which describes the same fleet), most severe first. One source for
 * the snapshot, integration and end-to-end tests.
 */
final class Expected {

  private Expected() {}

  static List<String> ruleIds(Path event) {
    Path snapshot =
        Project.ROOT.resolve("tests/snapshots").resolve(Project.EVENTS.relativize(event));
    try {
      JsonNode output =
          StrictJson.parse(Files.readAllBytes(snapshot), snapshot.toString()).get("output");
      List<String> ids = new ArrayList<>();
      output.get("findings").forEach(f -> ids.add(f.get("ruleId").asText()));
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(
          event.getFileName() + " has no snapshot: run bin/update-snapshots", e);
    }
  }
}
