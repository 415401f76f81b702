package dev.ecsguardrail.props;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.event.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of damaged inputs: a sample file from {@code events/}, one to three {@link
 * JsonMutation}s at random places of its tree, and sometimes a {@link RawMutation} of the bytes.
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
  public static Arbitrary<JsonMutation> mutationOf(JsonNode document) {
    List<String> all = pointers(document);
    List<String> read = all.stream().filter(Mutations::read).toList();
    Arbitrary<String> where =
        read.isEmpty()
            ? Arbitraries.of(all)
            : Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(all)), Tuple.of(1, Arbitraries.of(read)));
    return Combinators.combine(
            Arbitraries.of(JsonMutation.Kind.class), where, Arbitraries.integers().between(0, 99))
        .as(JsonMutation::new);
  }

  /** Damage to the bytes: none three times in four. */
  public static Arbitrary<RawMutation> raw() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(new RawMutation(RawMutation.Kind.NONE, 0))),
        Tuple.of(
            1,
            Combinators.combine(
                    Arbitraries.of(RawMutation.Kind.class), Arbitraries.integers().between(0, 999))
                .as(RawMutation::new)));
  }

  /**
   * A sample among {@code samples}, with one to three mutations, and (when {@code withRaw}) raw
   * damage to its bytes now and then.
   */
  public static Arbitrary<Mutated> of(Map<String, JsonNode> samples, boolean withRaw) {
    return Arbitraries.of(List.copyOf(samples.keySet()))
        .flatMap(
            name -> {
              JsonNode sample = samples.get(name);
              Arbitrary<List<JsonMutation>> mutations =
                  mutationOf(sample).list().ofMinSize(1).ofMaxSize(3);
              Arbitrary<RawMutation> raw =
                  withRaw ? raw() : Arbitraries.just(new RawMutation(RawMutation.Kind.NONE, 0));
              return Combinators.combine(mutations, raw)
                  .as((m, r) -> new Mutated(name, sample, m, r));
            });
  }
}
