package dev.ecsguardrail.cli.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecsguardrail.json.StrictJson;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A scenario as CloudFormation holds it: the ECS API's bodies in the property names of {@code
 * AWS::ECS::Service} and {@code AWS::ECS::TaskDefinition} (the CloudFormation resource reference),
 * written here from that reference, not from the reader's tables.
 */
public final class CloudFormationForm {

  private CloudFormationForm() {}

  /**
   * A template as people write it: the cluster, the namespace (unless named by ARN) and the task
   * definition beside the service, which names them by {@code Ref} and {@code Fn::GetAtt}.
   */
  public static String template(Scenario s) {
    ObjectNode resources = StrictJson.MAPPER.createObjectNode();
    ObjectNode cluster = resource(resources, "Cluster", "AWS::ECS::Cluster");
    cluster.put("ClusterName", s.cluster().get("name").asText());
    cluster
        .putArray("ClusterSettings")
        .addObject()
        .put("Name", "containerInsights")
        .put("Value", s.cluster().get("containerInsights").asText());
    if (!s.namespaceIsArn()) {
      resource(resources, "Namespace", "AWS::ServiceDiscovery::HttpNamespace")
          .put("Name", s.namespace());
    }
    resource(resources, "TaskDefinition", "AWS::ECS::TaskDefinition")
        .setAll(properties(s.taskDefinition()));
    ObjectNode service = properties(s.service());
    service.set("Cluster", ref("Cluster"));
    service.set("TaskDefinition", ref("TaskDefinition"));
    if (!s.namespaceIsArn()) {
      ObjectNode getAtt = StrictJson.MAPPER.createObjectNode();
      getAtt.putArray("Fn::GetAtt").add("Namespace").add("Arn");
      ((ObjectNode) service.get("ServiceConnectConfiguration")).set("Namespace", getAtt);
    }
    resource(resources, "Service", "AWS::ECS::Service").setAll(service);

    ObjectNode template = StrictJson.MAPPER.createObjectNode();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.set("Resources", resources);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(StrictJson.MAPPER.convertValue(template, Map.class));
  }

  /**
   * The service's properties as a hook request carries them: CloudFormation has resolved every
   * {@code Ref} to the cluster's, task definition's and namespace's ARN, and the hooks guide's
   * requests give every primitive as a string.
   */
  public static ObjectNode resolvedServiceProperties(Scenario s) {
    ObjectNode service = properties(s.service());
    service.put("Cluster", s.clusterArn());
    service.put("TaskDefinition", s.taskDefinitionArn());
    ((ObjectNode) service.get("ServiceConnectConfiguration")).put("Namespace", s.namespaceArn());
    return (ObjectNode) primitivesAsStrings(service);
  }

  /** ECS API member names to CloudFormation's: capitalized, except where the reference differs. */
  static ObjectNode properties(JsonNode body) {
    return (ObjectNode) pascal(body, false);
  }

  private static JsonNode pascal(JsonNode node, boolean freeForm) {
    if (node.isArray()) {
      ArrayNode array = StrictJson.MAPPER.createArrayNode();
      node.forEach(e -> array.add(pascal(e, false)));
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = StrictJson.MAPPER.createObjectNode();
    node.properties()
        .forEach(
            member -> {
              String key = member.getKey();
              JsonNode value = member.getValue();
              if (freeForm) {
                object.set(key, value); // a log driver's options keep their names
              } else if (key.equals("properties")) {
                object.set("ProxyConfigurationProperties", pascal(value, false));
              } else {
                object.set(
                    Character.toUpperCase(key.charAt(0)) + key.substring(1),
                    pascal(value, key.equals("options")));
              }
            });
    return object;
  }

  private static JsonNode primitivesAsStrings(JsonNode node) {
    if (node.isContainerNode()) {
      JsonNode copy = node.deepCopy();
      if (copy.isObject()) {
        ((ObjectNode) copy)
            .properties()
            .forEach(m -> m.setValue(primitivesAsStrings(m.getValue())));
      } else {
        ArrayNode array = (ArrayNode) copy;
        for (int i = 0; i < array.size(); i++) {
          array.set(i, primitivesAsStrings(array.get(i)));
        }
      }
      return copy;
    }
    return node.isValueNode() && !node.isTextual() ? TextNode.valueOf(node.asText()) : node;
  }

  private static ObjectNode resource(ObjectNode resources, String logicalId, String type) {
    ObjectNode resource = resources.putObject(logicalId);
    resource.put("Type", type);
    return resource.putObject("Properties");
  }

  private static ObjectNode ref(String logicalId) {
    return StrictJson.MAPPER.createObjectNode().put("Ref", logicalId);
  }
}
