package dev.ecsguardrail.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK model object as the JSON the service sent (member names as on the wire), so that what a
 * sweep describes is read by the same readers as the CloudTrail {@code responseElements} of an
 * event, not by a second mapping that could drift from them.
 */
final class SdkJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  static ObjectNode tree(SdkPojo pojo) {
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      // An auto-constructed collection stands for a member the service did not send.
      if (value != null
          && !(value instanceof SdkAutoConstructList<?>)
          && !(value instanceof SdkAutoConstructMap<?, ?>)) {
        node.set(field.locationName(), value(value));
      }
    }
    return node;
  }

  private static JsonNode value(Object value) {
    return switch (value) {
      case SdkPojo pojo -> tree(pojo);
      case List<?> list -> {
        ArrayNode array = NODES.arrayNode();
        list.forEach(item -> array.add(value(item)));
        yield array;
      }
      case Map<?, ?> map -> {
        ObjectNode object = NODES.objectNode();
        map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
        yield object;
      }
      case Boolean b -> NODES.booleanNode(b);
      case Integer i -> NODES.numberNode(i);
      case Long l -> NODES.numberNode(l);
      case Double d -> NODES.numberNode(d);
      case Float f -> NODES.numberNode(f);
      default -> NODES.textNode(value.toString()); // strings, enums' wire values, instants
    };
  }
}
