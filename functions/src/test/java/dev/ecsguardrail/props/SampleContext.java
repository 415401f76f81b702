package dev.ecsguardrail.props;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.cli.FileContextSource;
import dev.ecsguardrail.event.TaskDefinitionReader;
import java.util.Map;

/** The offline context of the command line over every sample task definition of events/taskdefs. */
final class SampleContext {

  private SampleContext() {}

  static FileContextSource samples() {
    Map<String, JsonNode> files = Mutations.samples("taskdefs", name -> true);
    return new FileContextSource(
        files.entrySet().stream()
            .map(e -> TaskDefinitionReader.read(e.getValue(), e.getKey()))
            .toList());
  }
}
