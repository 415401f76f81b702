package dev.ecsguardrail.cli.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of {@code tests/forms/scenarios.json}: a service as the ECS API takes it (the
 * CreateService request body, the RegisterTaskDefinition body it names, its cluster's settings),
 * the rule ids it must get in every form, and what a form needs besides.
 *
 * @param previous the configuration a stack update or plan replaces (SC015), if any
 * @param rejectedBy the {@code errorCode} and {@code errorMessage} of a call ECS refuses, as
 *     CloudTrail records it
 */
public record Scenario(
    String id,
    Set<String> expect,
    ObjectNode service,
    ObjectNode taskDefinition,
    ObjectNode cluster,
    Optional<Scenario> previous,
    Optional<JsonNode> rejectedBy) {

  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "us-east-1";

  public static List<Scenario> table(Path file) throws IOException {
    JsonNode table = StrictJson.parse(Files.readAllBytes(file), file.toString());
    JsonNode base = table.get("base");
    List<Scenario> scenarios = new ArrayList<>();
    for (JsonNode row : table.get("scenarios")) {
      JsonNode patched = mergePatch(base, row.get("patch"));
      Optional<Scenario> previous =
          Optional.ofNullable(row.get("previous"))
              .map(p -> of(row.get("id").asText() + "-previous", Set.of(), mergePatch(patched, p)));
      Scenario scenario = of(row.get("id").asText(), ids(row.get("expect")), patched);
      scenarios.add(
          new Scenario(
              scenario.id,
              scenario.expect,
              scenario.service,
              scenario.taskDefinition,
              scenario.cluster,
              previous,
              Optional.ofNullable(row.get("rejectedBy"))));
    }
    return scenarios;
  }

  private static Scenario of(String id, Set<String> expect, JsonNode config) {
    return new Scenario(
        id,
        expect,
        (ObjectNode) config.get("service"),
        (ObjectNode) config.get("taskDefinition"),
        (ObjectNode) config.get("cluster"),
        Optional.empty(),
        Optional.empty());
  }

  private static Set<String> ids(JsonNode array) {
    Set<String> ids = new TreeSet<>();
    array.forEach(id -> ids.add(id.asText()));
    return ids;
  }

  /** RFC 7386: objects merge, {@code null} removes a member, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : StrictJson.MAPPER.createObjectNode();
    patch
        .properties()
        .forEach(
            member -> {
              if (member.getValue().isNull()) {
                result.remove(member.getKey());
              } else {
                result.set(
                    member.getKey(), mergePatch(result.get(member.getKey()), member.getValue()));
              }
            });
    return result;
  }

  /** The service's Service Connect namespace: a name, or an ARN (maybe of another Region). */
  public String namespace() {
    return service.path("serviceConnectConfiguration").path("namespace").asText();
  }

  /** A namespace given by ARN is not the stack's or plan's own: it exists already. */
  public boolean namespaceIsArn() {
    return namespace().startsWith("arn:");
  }

  public String namespaceArn() {
    return namespaceIsArn()
        ? namespace()
        : "arn:aws:servicediscovery:" + REGION + ":" + ACCOUNT + ":namespace/ns-" + slug();
  }

  public String clusterArn() {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + cluster.get("name").asText();
  }

  public String taskDefinitionArn() {
    return "arn:aws:ecs:"
        + REGION
        + ":"
        + ACCOUNT
        + ":task-definition/"
        + taskDefinition.get("family").asText()
        + ":1";
  }

  /** Letters of the namespace's name, for made-up ids. */
  private String slug() {
    return namespace().replaceAll("[^a-z0-9]", "");
  }
}
