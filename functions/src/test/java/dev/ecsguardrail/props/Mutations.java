package dev.ecsguardrail.props;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Generators of damaged inputs (from a {@link Random}, see {@link Cases}): a sample file from
 * {@code events/}, one to three {@link JsonMutation}s at random places of its tree, and sometimes a
 * {@link RawMutation} of the bytes.
 */
public final class Mutations {

  /** The module's working directory is functions/. */
  public static final Path EVENTS = Path.of("..", "events");

  /**
   * Field names some parser reads: half of the mutations land on one of them (or inside it), so
   * that the damage is mostly where it matters and not in the many fields nobody reads.
   */
  private static final Set<String> READ_FIELDS =
      Set.of(
          // envelope and CloudTrail record
          "detail-type",
          "detail",
          "id",
          "time",
          "account",
          "region",
          "resources",
          "eventID",
          "eventTime",
          "eventSource",
          "eventName",
          "awsRegion",
          "recipientAccountId",
          "errorCode",
          "errorMessage",
          "requestParameters",
          "responseElements",
          "userIdentity",
          "arn",
          "invokedBy",
          "type",
          "userAgent",
          "sourceIPAddress",
          "omitted",
          // CreateService / UpdateService
          "service",
          "serviceName",
          "serviceArn",
          "cluster",
          "clusterArn",
          "taskDefinition",
          "desiredCount",
          "launchType",
          "deploymentController",
          "serviceConnectConfiguration",
          "enabled",
          "namespace",
          "services",
          "portName",
          "discoveryName",
          "tls",
          "serviceRegistries",
          "tags",
          "key",
          "value",
          "deploymentConfiguration",
          "strategy",
          "deployments",
          "status",
          "capacityProviderStrategy",
          "forceNewDeployment",
          // DeleteCluster

          "clusterName",
          "serviceConnectDefaults",
          // CloudWatch alarm state change
          "alarmName",
          "state",
          "previousState",
          "configuration",
          "metrics",
          "metricStat",
          "metric",
          "dimensions",
          "ClusterName",
          "ServiceName",
          "ContainerName",
          "reason",
          "reasonData",
          // task definitions
          "family",
          "taskDefinitionArn",
          "networkMode",
          "requiresCompatibilities",
          "cpu",
          "memory",
          "runtimePlatform",
          "operatingSystemFamily",
          "cpuArchitecture",
          "proxyConfiguration",
          "containerDefinitions",
          "name",
          "memoryReservation",
          "portMappings",
          "containerPort",
          "appProtocol",
          // Terraform plans and CloudFormation templates
          "format_version",
          "resource_changes",
          "after",
          "after_unknown",
          "actions",
          "container_definitions",
          "service_connect_configuration",
          "task_definition",
          "expressions",
          "Resources",
          "Properties",
          "Type",
          "ServiceConnectConfiguration",
          "ContainerDefinitions",
          "PortMappings",
          "TaskDefinition",
          "Ref",
          // policy documents
          "default",
          "rules",
          "SC002",
          "SC011");

  private Mutations() {}

  /** A sample document and what was done to it. */
  public record Mutated(
      String sample, JsonNode original, List<JsonMutation> mutations, RawMutation raw) {

    public byte[] bytes() {
      return raw.apply(JsonMutation.apply(original, mutations));
    }

    /** The damaged document as the product reads it; {@code null} when it is not JSON. */
    public JsonNode tree() {
      return JsonMutation.tree(bytes());
    }

    @Override
    public String toString() {
      return sample + " " + mutations + (raw.kind() == RawMutation.Kind.NONE ? "" : " " + raw);
    }
  }

  /** The sample files of a folder under events/ whose names pass {@code filter}, read as trees. */
  public static Map<String, JsonNode> samples(
      String folder, java.util.function.Predicate<String> filter) {
    try (Stream<Path> files = Files.list(folder.isEmpty() ? EVENTS : EVENTS.resolve(folder))) {
      Map<String, JsonNode> samples = new java.util.TreeMap<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && filter.test(name)) {
          samples.put(name, StrictJson.parse(Files.readAllBytes(file), name));
        }
      }
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON Pointer in the tree, the root ({@code ""}) included. */
  static List<String> pointers(JsonNode node) {
    List<String> pointers = new ArrayList<>();
    collect(node, "", pointers);
    return pointers;
  }

  private static void collect(JsonNode node, String at, List<String> out) {
    out.add(at);
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  collect(
                      e.getValue(),
                      at + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                      out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), at + "/" + i, out);
      }
    }
  }

  /** Whether a pointer names, or lies inside, a field some parser reads. */
  static boolean read(String pointer) {
    for (String segment : pointer.split("/")) {
      if (READ_FIELDS.contains(segment)) {
        return true;
      }
    }
    return false;
  }

  /** One mutation somewhere in {@code document}; half of them on a field that is read. */
  public static JsonMutation mutationOf(JsonNode document, Random random) {
    List<String> all = pointers(document);
    List<String> read = all.stream().filter(Mutations::read).toList();
    List<String> from = read.isEmpty() || random.nextBoolean() ? all : read;
    JsonMutation.Kind[] kinds = JsonMutation.Kind.values();
    return new JsonMutation(
        kinds[random.nextInt(kinds.length)],
        from.get(random.nextInt(from.size())),
        random.nextInt(100));
  }

  /** Damage to the bytes: none three times in four. */
  public static RawMutation raw(Random random) {
    if (random.nextInt(4) < 3) {
      return new RawMutation(RawMutation.Kind.NONE, 0);
    }
    RawMutation.Kind[] kinds = RawMutation.Kind.values();
    return new RawMutation(kinds[random.nextInt(kinds.length)], random.nextInt(1000));
  }

  /**
   * A sample among {@code samples}, with one to three mutations, and (when {@code withRaw}) raw
   * damage to its bytes now and then.
   */
  public static Function<Random, Mutated> of(Map<String, JsonNode> samples, boolean withRaw) {
    List<String> names = List.copyOf(samples.keySet());
    return random -> {
      String name = names.get(random.nextInt(names.size()));
      JsonNode sample = samples.get(name);
      List<JsonMutation> mutations = new ArrayList<>();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        mutations.add(mutationOf(sample, random));
      }
      RawMutation raw = withRaw ? raw(random) : new RawMutation(RawMutation.Kind.NONE, 0);
      return new Mutated(name, sample, mutations, raw);
    };
  }
}
