package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.event.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.ProxyConfiguration;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A small fleet seeded into the emulator (or a sandbox account): clusters {@code prod} (Container
 * Insights enhanced) and {@code staging} (off), the task definitions of {@code events/taskdefs}, an
 * alerts topic with an SQS queue subscribed to read what SNS delivers. Every name carries a prefix
 * so that a run against a real account never touches resources it did not create, and {@link
 * #localize} rewrites the sample events to point at these resources.
 */
final class Fleet implements AutoCloseable {

  static final String PREFIX = "guardrail-it-";
  private static final String SAMPLE_ACCOUNT = "123456789012";

  private final EcsClient ecs;
  private final SnsClient sns;
  private final SqsClient sqs;
  final String account;
  final String topicArn;
  final String queueUrl;
  private final Map<String, String> taskDefinitionArns = new HashMap<>();
  private final Map<String, String> clusterArns = new HashMap<>();

  Fleet(URI endpoint) {
    AwsClients clients = AwsClients.create(Emulator.REGION, endpoint, List.of());
    ecs = clients.ecs();
    sns = clients.sns();
    // SQS only reads back what SNS delivered: the product itself has no SQS client.
    sqs =
        SqsClient.builder()
            .region(Region.of(Emulator.REGION))
            .endpointOverride(endpoint)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    clusterArns.put("prod", cluster("prod", "enhanced"));
    clusterArns.put("staging", cluster("staging", "disabled"));
    for (Path file : Project.taskDefinitions()) {
      registerTaskDefinition(file);
    }
    account = clusterArns.get("prod").split(":")[4];
    topicArn = sns.createTopic(r -> r.name(PREFIX + "alerts")).topicArn();
    queueUrl = sqs.createQueue(r -> r.queueName(PREFIX + "alerts")).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
  }

  private String cluster(String name, String containerInsights) {
    return ecs.createCluster(
            r ->
                r.clusterName(PREFIX + name)
                    .settings(
                        s ->
                            s.name(ClusterSettingName.CONTAINER_INSIGHTS).value(containerInsights)))
        .cluster()
        .clusterArn();
  }

  private void registerTaskDefinition(Path file) {
    JsonNode td = StrictJson.parse(read(file), file.toString());
    String family = td.get("family").asText();
    String arn =
        ecs.registerTaskDefinition(
                r ->
                    r.family(PREFIX + family)
                        .networkMode(td.path("networkMode").asText())
                        .requiresCompatibilitiesWithStrings(
                            texts(td.path("requiresCompatibilities")))
                        .cpu(td.path("cpu").asText(null))
                        .memory(td.path("memory").asText(null))
                        .runtimePlatform(
                            td.has("runtimePlatform")
                                ? RuntimePlatform.builder()
                                    .operatingSystemFamily(
                                        td.path("runtimePlatform")
                                            .path("operatingSystemFamily")
                                            .asText())
                                    .cpuArchitecture(
                                        td.path("runtimePlatform").path("cpuArchitecture").asText())
                                    .build()
                                : null)
                        .proxyConfiguration(
                            td.has("proxyConfiguration")
                                ? ProxyConfiguration.builder()
                                    .type(td.path("proxyConfiguration").path("type").asText())
                                    .containerName(
                                        td.path("proxyConfiguration")
                                            .path("containerName")
                                            .asText())
                                    .build()
                                : null)
                        .containerDefinitions(
                            stream(td.path("containerDefinitions")).map(Fleet::container).toList()))
            .taskDefinition()
            .taskDefinitionArn();
    taskDefinitionArns.put(family, arn);
  }

  private static ContainerDefinition container(JsonNode c) {
    return ContainerDefinition.builder()
        .name(c.get("name").asText())
        .image(c.get("image").asText())
        .essential(c.path("essential").asBoolean(true))
        .cpu(c.has("cpu") ? c.get("cpu").asInt() : null)
        .memory(c.has("memory") ? c.get("memory").asInt() : null)
        .memoryReservation(c.has("memoryReservation") ? c.get("memoryReservation").asInt() : null)
        .portMappings(
            stream(c.path("portMappings"))
                .map(
                    p ->
                        PortMapping.builder()
                            .name(p.path("name").asText(null))
                            .containerPort(p.get("containerPort").asInt())
                            .protocol(p.path("protocol").asText("tcp"))
                            .appProtocol(p.path("appProtocol").asText(null))
                            .build())
                .toList())
        .build();
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }

  private static List<String> texts(JsonNode array) {
    return stream(array).map(JsonNode::asText).toList();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample event, pointed at this fleet's account, clusters and task definition revisions. */
  byte[] localize(Path eventFile) {
    try {
      byte[] raw = read(eventFile);
      JsonNode root = StrictJson.treeOrNull(raw);
      if (root == null || !root.isObject() || !root.path("detail").isObject()) {
        return raw; // damaged samples stay as they are
      }
      ObjectNode envelope = (ObjectNode) root;
      ObjectNode detail = (ObjectNode) envelope.get("detail");
      envelope.put("account", account);
      detail.put("recipientAccountId", account);
      if (detail.get("requestParameters") instanceof ObjectNode request) {
        rewrite(request, "cluster", this::clusterName);
        rewrite(request, "taskDefinition", this::taskDefinition);
      }
      if (detail.path("responseElements").get("service") instanceof ObjectNode service) {
        rewrite(service, "clusterArn", this::clusterName);
        rewrite(service, "taskDefinition", this::taskDefinition);
        for (JsonNode deployment : service.path("deployments")) {
          rewrite((ObjectNode) deployment, "taskDefinition", this::taskDefinition);
        }
      }
      return StrictJson.MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rewrite(
      ObjectNode node, String field, java.util.function.UnaryOperator<String> change) {
    if (node.path(field).isTextual()) {
      node.put(field, change.apply(node.get(field).asText()));
    }
  }

  private String clusterName(String reference) {
    String name = reference.substring(reference.lastIndexOf('/') + 1);
    return clusterArns.getOrDefault(name, reference);
  }

  private String taskDefinition(String reference) {
    String familyRevision = reference.substring(reference.lastIndexOf('/') + 1);
    String family = familyRevision.split(":")[0];
    return taskDefinitionArns.getOrDefault(family, reference.replace(SAMPLE_ACCOUNT, account));
  }

  /** The SNS notifications delivered to the queue: the SNS envelope of each, as JSON. */
  List<JsonNode> delivered(int expected, Duration patience) {
    List<JsonNode> messages = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (messages.size() < expected && System.nanoTime() < deadline) {
      for (Message m :
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        messages.add(StrictJson.parse(m.body().getBytes(), "SQS message"));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return messages;
  }

  @Override
  public void close() {
    taskDefinitionArns
        .values()
        .forEach(arn -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
    clusterArns.values().forEach(arn -> ecs.deleteCluster(r -> r.cluster(arn)));
    sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    sns.deleteTopic(r -> r.topicArn(topicArn));
  }
}
