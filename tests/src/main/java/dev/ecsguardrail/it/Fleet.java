package dev.ecsguardrail.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.AwsContextSource;
import dev.ecsguardrail.aws.CloudMapGateway;
import dev.ecsguardrail.aws.DynamoDbDigestHistory;
import dev.ecsguardrail.aws.DynamoDbLedger;
import dev.ecsguardrail.aws.DynamoDbPolicyDocument;
import dev.ecsguardrail.aws.EcsGateway;
import dev.ecsguardrail.aws.EcsServiceBlocker;
import dev.ecsguardrail.aws.InventoryGateway;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.cost.PriceTable;
import dev.ecsguardrail.flow.ClusterDeletionCheck;
import dev.ecsguardrail.flow.ClusterDeletionGuard;
import dev.ecsguardrail.flow.DigestGuard;
import dev.ecsguardrail.flow.OrgReportPublisher;
import dev.ecsguardrail.flow.PolicyCache;
import dev.ecsguardrail.flow.SecurityHubPublisher;
import dev.ecsguardrail.flow.ServiceChangeCheck;
import dev.ecsguardrail.flow.ServiceChangeGuard;
import dev.ecsguardrail.flow.SidecarAlarmGuard;
import dev.ecsguardrail.flow.SweepCheck;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.orphan.OrphanFinder;
import dev.ecsguardrail.rules.RuleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.ProxyConfiguration;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
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
  private final DynamoDbClient dynamoDb;
  final String account;
  final String topicArn;
  final String queueUrl;

  /** The ledger and policy table; one per fleet, so every test starts with no event handled. */
  final String ledgerTable;

  private final List<String> extraQueues = new ArrayList<>();
  private final Map<String, String> taskDefinitionArns = new HashMap<>();
  private final Map<String, String> clusterArns = new HashMap<>();

  Fleet(URI endpoint) {
    AwsClients clients = AwsClients.create(Emulator.REGION, endpoint, List.of());
    ecs = clients.ecs();
    sns = clients.sns();
    dynamoDb = clients.dynamoDb();
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
    ledgerTable = PREFIX + "ledger-" + UUID.randomUUID().toString().substring(0, 8);
    dynamoDb.createTable(
        r ->
            r.tableName(ledgerTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(
                    a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
    dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(ledgerTable));
  }

  /** The account's policy document, as the README tells users to store it. */
  void putPolicy(String document) {
    dynamoDb.putItem(
        r ->
            r.tableName(ledgerTable)
                .item(
                    Map.of(
                        "id", AttributeValue.builder().s("policy").build(),
                        "document", AttributeValue.builder().s(document).build())));
  }

  /** The guard as the Lambda builds it, on these clients, this topic and this ledger. */
  ServiceChangeGuard guard(AwsClients clients, boolean enforce) {
    return guard(clients, clients.sns(), enforce);
  }

  /** The same, publishing through another SNS client (one that cannot reach SNS, say). */
  ServiceChangeGuard guard(AwsClients clients, SnsClient publisher, boolean enforce) {
    return guard(clients, publisher, enforce, SecurityHubPublisher.OFF);
  }

  /** The same, keeping its findings in Security Hub through {@code findings}. */
  ServiceChangeGuard guard(
      AwsClients clients, SnsClient publisher, boolean enforce, SecurityHubPublisher findings) {
    EcsGateway gateway = new EcsGateway(clients.ecs());
    return new ServiceChangeGuard(
        new ServiceChangeCheck(RuleCatalog.SERVICE_RULES),
        new AwsContextSource(gateway, new CloudMapGateway(clients::cloudMap)),
        new SnsTopicGateway(publisher, topicArn),
        new DynamoDbLedger(clients.dynamoDb(), ledgerTable, Clock.systemUTC()),
        new PolicyCache(
            new DynamoDbPolicyDocument(clients.dynamoDb(), ledgerTable), Clock.systemUTC()),
        new EcsServiceBlocker(gateway),
        enforce,
        findings,
        Clock.systemUTC());
  }

  /** The DeleteCluster check's guard, wired as in production, on these clients. */
  ClusterDeletionGuard deletionGuard(AwsClients clients, SecurityHubPublisher findings) {
    return new ClusterDeletionGuard(
        new ClusterDeletionCheck(
            InventoryGateway.of(clients),
            new OrphanFinder(PriceTable.bundled().cloudMap(Emulator.REGION))),
        new SnsTopicGateway(clients.sns(), topicArn),
        new DynamoDbLedger(
            clients.dynamoDb(), ledgerTable, Clock.systemUTC(), Duration.ofMinutes(6)),
        new PolicyCache(
            new DynamoDbPolicyDocument(clients.dynamoDb(), ledgerTable), Clock.systemUTC()),
        findings,
        Clock.systemUTC());
  }

  /** The weekly digest's guard, wired as in production, on these clients, at {@code clock}. */
  DigestGuard digestGuard(AwsClients clients, Clock clock, SecurityHubPublisher findings) {
    return new DigestGuard(
        InventoryGateway.of(clients),
        new SweepCheck(
            new OrphanFinder(PriceTable.bundled().cloudMap(Emulator.REGION)),
            RuleCatalog.SERVICE_RULES),
        new PolicyCache(
            new DynamoDbPolicyDocument(clients.dynamoDb(), ledgerTable), Clock.systemUTC()),
        new SnsTopicGateway(clients.sns(), topicArn),
        new DynamoDbLedger(clients.dynamoDb(), ledgerTable, clock, Duration.ofMinutes(16)),
        new DynamoDbDigestHistory(clients.dynamoDb(), ledgerTable),
        true,
        findings,
        OrgReportPublisher.OFF,
        clock);
  }

  /** The alarm function's guard, wired as in production, on these clients. */
  SidecarAlarmGuard alarmGuard(AwsClients clients) {
    return alarmGuard(clients, SecurityHubPublisher.OFF);
  }

  /** The same, keeping SM001 in Security Hub through {@code findings}. */
  SidecarAlarmGuard alarmGuard(AwsClients clients, SecurityHubPublisher findings) {
    return new SidecarAlarmGuard(
        new SnsTopicGateway(clients.sns(), topicArn),
        new DynamoDbLedger(clients.dynamoDb(), ledgerTable, Clock.systemUTC()),
        new PolicyCache(
            new DynamoDbPolicyDocument(clients.dynamoDb(), ledgerTable), Clock.systemUTC()),
        AwsContextSource.of(clients),
        findings,
        Clock.systemUTC());
  }

  /**
   * Another queue subscribed to the topic.
   *
   * @param raw raw message delivery: the body alone, attributes as SQS message attributes
   * @param filterPolicy an SNS filter policy, or {@code null}
   */
  String subscribeQueue(String name, boolean raw, String filterPolicy) {
    String url = sqs.createQueue(r -> r.queueName(PREFIX + name)).queueUrl();
    extraQueues.add(url);
    String arn =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    Map<String, String> attributes = new HashMap<>();
    attributes.put("RawMessageDelivery", Boolean.toString(raw));
    if (filterPolicy != null) {
      attributes.put("FilterPolicy", filterPolicy);
    }
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    return url;
  }

  /** Creates a service in the emulator, so enforcement has something to act on. */
  /**
   * A queue that holds each message back for {@code delaySeconds}, as the stack's DeleteCluster
   * delay queue does; deleted with the fleet.
   */
  String delayQueue(String name, int delaySeconds) {
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(PREFIX + name)
                        .attributes(
                            Map.of(QueueAttributeName.DELAY_SECONDS, String.valueOf(delaySeconds))))
            .queueUrl();
    extraQueues.add(url);
    return url;
  }

  void send(String queueUrl, String body) {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }

  String createService(String cluster, String name, String taskDefinitionFamily, int count) {
    return ecs.createService(
            r ->
                r.cluster(clusterArns.get(cluster))
                    .serviceName(name)
                    .taskDefinition(taskDefinitionArns.get(taskDefinitionFamily))
                    .launchType(LaunchType.EC2)
                    .desiredCount(count))
        .service()
        .serviceArn();
  }

  Service service(String cluster, String name) {
    return ecs.describeServices(r -> r.cluster(clusterArns.get(cluster)).services(name))
        .services()
        .getFirst();
  }

  /** The ARN of the registered revision of a sample task definition ({@code events/taskdefs}). */
  String taskDefinitionArn(String family) {
    return taskDefinitionArns.get(family);
  }

  Map<String, String> tags(String arn) {
    Map<String, String> tags = new HashMap<>();
    ecs.listTagsForResource(r -> r.resourceArn(arn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  void tag(String arn, String key, String value) {
    ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key(key).value(value).build()));
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

  /** The sample event about the service {@code serviceArn} (created in this fleet). */
  byte[] pointAtService(byte[] event, String serviceArn) {
    try {
      ObjectNode envelope = (ObjectNode) StrictJson.MAPPER.readTree(event);
      String name = serviceArn.substring(serviceArn.lastIndexOf('/') + 1);
      ObjectNode detail = (ObjectNode) envelope.get("detail");
      ((ObjectNode) detail.get("requestParameters")).put("serviceName", name);
      ObjectNode service = (ObjectNode) detail.get("responseElements").get("service");
      service.put("serviceArn", serviceArn).put("serviceName", name);
      return StrictJson.MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same event under another CloudTrail event id: a new call, not a redelivery. */
  static byte[] withEventId(byte[] event, String eventId) {
    try {
      ObjectNode envelope = (ObjectNode) StrictJson.MAPPER.readTree(event);
      ((ObjectNode) envelope.get("detail")).put("eventID", eventId);
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

  /**
   * The sample alarm event about this fleet's {@code prod/orders}: its account, Region, cluster
   * name and alarm (the samples' {@code prod/orders} in 123456789012).
   */
  byte[] alarmEvent(Path sample) {
    try {
      ObjectNode event = (ObjectNode) StrictJson.MAPPER.readTree(Files.readAllBytes(sample));
      String name = SidecarAlarm.NAME_PREFIX + PREFIX + "prod-orders";
      event.put("account", account).put("region", Emulator.REGION);
      event
          .putArray("resources")
          .add("arn:aws:cloudwatch:" + Emulator.REGION + ":" + account + ":alarm:" + name);
      ObjectNode detail = (ObjectNode) event.get("detail");
      detail.put("alarmName", name);
      for (JsonNode metric : detail.at("/configuration/metrics")) {
        ((ObjectNode) metric.at("/metricStat/metric/dimensions"))
            .put("ClusterName", PREFIX + "prod")
            .put("ServiceName", "orders");
      }
      return StrictJson.MAPPER.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SNS notifications delivered to the queue: the SNS envelope of each, as JSON. */
  List<JsonNode> delivered(int expected, Duration patience) {
    return received(queueUrl, expected, patience).stream()
        .map(m -> StrictJson.parse(m.body().getBytes(), "SQS message"))
        .toList();
  }

  /**
   * Drops what the topic delivered so far, however much (a receive loop takes minutes for 2,000).
   */
  void discardDelivered() {
    sqs.purgeQueue(r -> r.queueUrl(queueUrl));
  }

  /**
   * The messages on a queue: waits for {@code expected}, and, to catch extra ones, one more empty
   * receive.
   */
  List<Message> received(String url, int expected, Duration patience) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages();
      for (Message m : batch) {
        messages.add(m);
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
      if (batch.isEmpty() && messages.size() >= expected) {
        break;
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
    extraQueues.forEach(url -> sqs.deleteQueue(r -> r.queueUrl(url)));
    dynamoDb.deleteTable(r -> r.tableName(ledgerTable));
    sns.deleteTopic(r -> r.topicArn(topicArn));
  }
}
