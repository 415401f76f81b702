package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/** template.yaml checked by the real tools, and its event pattern by event-ruler. */
class TemplateIT {

  private static final Path TEMPLATE = Project.ROOT.resolve("template.yaml");

  /** Sample events the service-change rule must not deliver: nothing in them can matter. */
  private static final Set<String> FILTERED_OUT =
      Set.of(
          "update-service-desired-count-only.json",
          "update-service-force-new-deployment.json",
          "malformed-no-detail.json");

  /** The member stack's, and the organization stack's (org/template.yaml). */
  static List<Path> templates() {
    return List.of(TEMPLATE, Project.ROOT.resolve("org/template.yaml"));
  }

  @ParameterizedTest
  @MethodSource("templates")
  void cfnLint_passes(Path template) throws Exception {
    run(
        Project.tool("CFN_LINT", Project.VENV_BIN.resolve("cfn-lint")).toString(),
        template.toString());
  }

  @ParameterizedTest
  @MethodSource("templates")
  void samValidateLint_passes(Path template) throws Exception {
    run(
        Project.tool("SAM_CLI", Project.VENV_BIN.resolve("sam")).toString(),
        "validate",
        "--lint",
        "--template",
        template.toString());
  }

  /**
   * checkov's CloudFormation checks, from its own virtualenv (its boto3 pin conflicts with SAM
   * CLI's); a finding that does not apply is suppressed in the template, with its reason. Offline:
   * {@code --skip-download} (no guidelines from the vendor's API).
   */
  @ParameterizedTest
  @MethodSource("templates")
  void checkov_findsNothing(Path template) throws Exception {
    run(
        Project.tool("CHECKOV", Project.ROOT.resolve(".venv-checkov/bin/checkov")).toString(),
        "-f",
        template.toString(),
        "--framework",
        "cloudformation",
        "--quiet",
        "--compact",
        "--skip-download");
  }

  @Test
  void serviceChangePattern_matchesWhatCanMatter_only() throws Exception {
    Machine machine = new Machine();
    machine.addRule("service-change", pattern("ServiceChangeFunction", "ServiceChange"));
    Map<String, Boolean> matched = new TreeMap<>();
    Map<String, Boolean> expected = new TreeMap<>();
    for (Path event : Project.events()) {
      String name = event.getFileName().toString();
      matched.put(name, !machine.rulesForJSONEvent(Files.readString(event)).isEmpty());
      expected.put(name, !FILTERED_OUT.contains(name));
    }
    assertEquals(expected, matched);
  }

  /**
   * Successful DeleteCluster calls go to the delay queue, failed ones do not (nothing was deleted);
   * the service-change rule takes none of them, and this rule no service change.
   */
  @Test
  void clusterDeletionPattern_matchesSuccessfulDeleteClusterCalls_only() throws Exception {
    String pattern =
        new ObjectMapper()
            .writeValueAsString(
                template()
                    .get("Resources")
                    .get("ClusterDeletionRule")
                    .get("Properties")
                    .get("EventPattern"));
    Machine deletions = new Machine();
    deletions.addRule("cluster-deletion", pattern);
    Machine changes = new Machine();
    changes.addRule("service-change", pattern("ServiceChangeFunction", "ServiceChange"));
    Map<String, Boolean> matched = new TreeMap<>();
    try (var files = Files.list(Project.EVENTS.resolve("cluster"))) {
      for (Path event : files.sorted().toList()) {
        String json = Files.readString(event);
        matched.put(event.getFileName().toString(), !deletions.rulesForJSONEvent(json).isEmpty());
        assertTrue(changes.rulesForJSONEvent(json).isEmpty(), event + " is no service change");
      }
    }
    assertEquals(
        Map.of(
            "delete-cluster-failed.json", false,
            "delete-cluster-left-namespace.json", true,
            "delete-cluster-no-namespace.json", true),
        matched);
    for (Path event : Project.events()) {
      assertTrue(deletions.rulesForJSONEvent(Files.readString(event)).isEmpty(), event.toString());
    }
  }

  /**
   * The alarms' reconcile runs on calls that add, resize or remove a service or a cluster, never on
   * failed calls, scale-only updates or alarm events.
   */
  @Test
  void sidecarAlarmReconcilePattern_matchesCallsThatChangeWhatIsWatched_only() throws Exception {
    Machine machine = new Machine();
    machine.addRule("reconcile", pattern("SidecarAlarmReconcileFunction", "ServiceChanges"));
    Set<String> matched = matched(machine);
    assertEquals(
        new TreeSet<>(
            List.of(
                "cluster/delete-cluster-left-namespace.json",
                "cluster/delete-cluster-no-namespace.json",
                "create-service-app-mesh.json",
                "create-service-cloud-map-scaled.json",
                "create-service-host-network.json",
                "create-service-namespace-other-region.json",
                "create-service-no-service-connect.json",
                "create-service-port-name-mismatch.json",
                "create-service-sc-access-logs-query.json",
                "create-service-sc-grpc-no-headroom.json",
                "create-service-sc-http-clean.json",
                "create-service-sc-linear.json",
                "create-service-sc-no-app-protocol.json",
                "create-service-sc-tls.json",
                // Malformed, with a CreateService name: the reconcile reads no input, no harm.
                "malformed-wrong-types.json",
                "service-deletion/delete-service.json",
                "truncated-response.json",
                "update-service-enable-sc-no-app-protocol.json",
                "update-service-task-definition.json")),
        matched);
  }

  /** The alarm function gets the state changes of the guardrail's own alarms, nothing else. */
  @Test
  void sidecarAlarmPattern_matchesTheGuardrailsAlarms_only() throws Exception {
    Machine machine = new Machine();
    machine.addRule("alarm", pattern("SidecarAlarmFunction", "AlarmStateChange"));
    Set<String> matched = matched(machine);
    assertEquals(
        new TreeSet<>(
            List.of(
                "alarm/sidecar-memory-alarm.json",
                "alarm/sidecar-memory-insufficient-data.json",
                "alarm/sidecar-memory-ok.json")),
        matched);
    String someoneElses =
        Files.readString(Project.EVENTS.resolve("alarm/sidecar-memory-alarm.json"))
            .replace("\"alarmName\": \"ecs-guardrail-sidecar-memory-", "\"alarmName\": \"team-");
    assertTrue(machine.rulesForJSONEvent(someoneElses).isEmpty(), "another alarm's event");
  }

  /** The sample events (relative to events/) the machine's rule matches. */
  private static Set<String> matched(Machine machine) throws Exception {
    Set<String> matched = new TreeSet<>();
    for (Path event : allEvents()) {
      if (!machine.rulesForJSONEvent(Files.readString(event)).isEmpty()) {
        matched.add(Project.EVENTS.relativize(event).toString());
      }
    }
    return matched;
  }

  /**
   * Every sample event, in every folder of events/ (task definitions, the offline fleet and SNS
   * bodies aside).
   */
  private static List<Path> allEvents() throws IOException {
    try (var files = Files.walk(Project.EVENTS)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.startsWith(Project.TASK_DEFINITIONS))
          .filter(p -> !p.startsWith(Project.EVENTS.resolve("context")))
          .filter(p -> !p.startsWith(Project.EVENTS.resolve("sns")))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyHandler_isAStreamHandlerInTheJar() throws Exception {
    JsonNode resources = template().get("Resources");
    int handlers = 0;
    for (JsonNode resource : resources) {
      String handler = resource.path("Properties").path("Handler").asText(null);
      if (handler != null) {
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertEquals(true, RequestStreamHandler.class.isAssignableFrom(type), handler);
        handlers++;
      }
    }
    assertEquals(true, handlers > 0, "the template declares at least one function");
  }

  @Test
  void ledgerTable_expiresRecords_andRecoversToAPointInTime() throws IOException {
    JsonNode table = cfnTemplate().path("Resources").path("LedgerTable");
    assertEquals("AWS::DynamoDB::Table", table.path("Type").asText());
    JsonNode props = table.path("Properties");
    assertEquals(
        json("[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]"), props.path("KeySchema"));
    assertEquals("PAY_PER_REQUEST", props.path("BillingMode").asText());
    assertEquals(
        json("{\"AttributeName\":\"expiresAt\",\"Enabled\":true}"),
        props.path("TimeToLiveSpecification"));
    assertTrue(
        props
            .path("PointInTimeRecoverySpecification")
            .path("PointInTimeRecoveryEnabled")
            .asBoolean());
  }

  private static final Set<String> ENCRYPTED_TYPES =
      Set.of("AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::DynamoDB::Table");

  /**
   * Every topic, queue and table of the stack is encrypted with the stack's key (rotated yearly),
   * not with an AWS managed key nor not at all.
   */
  @Test
  void everyTopicQueueAndTable_isEncryptedWithTheStackKey() throws IOException {
    JsonNode resources = cfnTemplate().path("Resources");
    JsonNode key = json("{\"Ref\":\"AlertsKey\"}");
    assertEquals("AWS::KMS::Key", resources.path("AlertsKey").path("Type").asText());
    assertTrue(
        resources.path("AlertsKey").path("Properties").path("EnableKeyRotation").asBoolean());
    Map<String, Set<String>> encrypted = new TreeMap<>();
    resources
        .properties()
        .forEach(
            e -> {
              String type = e.getValue().path("Type").asText();
              JsonNode props = e.getValue().path("Properties");
              boolean byKey =
                  switch (type) {
                    case "AWS::SNS::Topic", "AWS::SQS::Queue" ->
                        key.equals(props.path("KmsMasterKeyId"));
                    case "AWS::DynamoDB::Table" ->
                        json("{\"SSEEnabled\":true,\"SSEType\":\"KMS\","
                                + "\"KMSMasterKeyId\":{\"Ref\":\"AlertsKey\"}}")
                            .equals(props.path("SSESpecification"));
                    default -> true;
                  };
              assertTrue(byKey, e.getKey() + " (" + type + ") is not encrypted with AlertsKey");
              if (ENCRYPTED_TYPES.contains(type)) {
                encrypted.computeIfAbsent(type, t -> new TreeSet<>()).add(e.getKey());
              }
            });
    assertEquals(
        Map.of(
            "AWS::DynamoDB::Table", Set.of("LedgerTable"),
            "AWS::SNS::Topic", Set.of("AlertsTopic"),
            "AWS::SQS::Queue", Set.of("ClusterDeletionQueue", "DeadLetterQueue")),
        encrypted);
  }

  /**
   * The stack's topic takes Publish from the stack's principals only: the roles of the functions
   * whose TOPIC_ARN can name it (SAM names a function's role {@code <Function>Role}), and
   * CloudWatch for this account's alarms in this Region. No other action, principal or account.
   */
  @Test
  void alertsTopicPolicy_letsOnlyTheStacksPublishersPublish() throws IOException {
    JsonNode resources = cfnTemplate().path("Resources");
    JsonNode topic = json("{\"Ref\":\"AlertsTopic\"}");
    List<JsonNode> policies = new ArrayList<>();
    resources.forEach(
        r -> {
          if (r.path("Type").asText().equals("AWS::SNS::TopicPolicy")) {
            policies.add(r.path("Properties"));
          }
        });
    assertEquals(1, policies.size(), "one topic policy");
    JsonNode policy = policies.get(0);
    assertEquals(JsonNodeFactory.instance.arrayNode().add(topic), policy.path("Topics"));

    ArrayNode publishers = JsonNodeFactory.instance.arrayNode();
    resources
        .properties()
        .forEach(
            e -> {
              JsonNode env = e.getValue().path("Properties").path("Environment").path("Variables");
              if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")
                  && env.path("TOPIC_ARN").toString().contains(topic.toString())) {
                String role = "{\"Fn::GetAtt\":[\"" + e.getKey() + "Role\",\"Arn\"]}";
                // A function the stack creates only on a condition (the hook) publishes on it.
                String condition = e.getValue().path("Condition").asText(null);
                publishers.add(
                    json(
                        condition == null
                            ? role
                            : "{\"Fn::If\":[\""
                                + condition
                                + "\","
                                + role
                                + ",{\"Ref\":\"AWS::NoValue\"}]}"));
              }
            });
    assertEquals(5, publishers.size(), publishers.toString());

    ObjectNode functions = JsonNodeFactory.instance.objectNode();
    functions.set("AWS", publishers);
    JsonNode alarms = json("{\"Service\":\"cloudwatch.amazonaws.com\"}");
    JsonNode alarmsOfThisAccount =
        json(
            "{\"StringEquals\":{\"aws:SourceAccount\":{\"Ref\":\"AWS::AccountId\"}},"
                + "\"ArnLike\":{\"aws:SourceArn\":{\"Fn::Sub\":\"arn:${AWS::Partition}:cloudwatch:"
                + "${AWS::Region}:${AWS::AccountId}:alarm:*\"}}}");
    List<JsonNode> principals = new ArrayList<>();
    for (JsonNode st : policy.path("PolicyDocument").path("Statement")) {
      assertEquals("Allow", st.path("Effect").asText(), st.toString());
      assertEquals("sns:Publish", st.path("Action").asText(), st.toString());
      assertEquals(topic, st.path("Resource"), st.toString());
      principals.add(st.path("Principal"));
      if (st.path("Principal").equals(alarms)) {
        assertEquals(alarmsOfThisAccount, st.path("Condition"), st.toString());
      } else {
        assertTrue(st.path("Condition").isMissingNode(), st.toString());
      }
    }
    assertEquals(List.of(functions, alarms), principals);
  }

  /**
   * Every IAM statement anywhere in the template that allows ecs:UpdateService or ecs:TagResource
   * (by name or by wildcard) sits in an {@code !If [EnforceMode, statement, !Ref AWS::NoValue]},
   * and EnforceMode means Mode=enforce. The tag write is limited to the blocked tag.
   */
  @Test
  void serviceWrites_areGrantedOnlyInEnforceMode() throws IOException {
    JsonNode template = cfnTemplate();
    assertEquals(
        json("{\"Fn::Equals\":[{\"Ref\":\"Mode\"},\"enforce\"]}"),
        template.path("Conditions").path("EnforceMode"));
    assertEquals("report", template.path("Parameters").path("Mode").path("Default").asText());

    List<String> unguarded = new ArrayList<>();
    List<JsonNode> guarded = new ArrayList<>();
    collectWriteGrants(template.path("Resources"), "Resources", false, unguarded, guarded);
    assertEquals(
        List.of(), unguarded, "statements granting service writes outside !If EnforceMode");
    for (String action : SERVICE_WRITES) {
      assertTrue(
          guarded.stream().anyMatch(st -> grants(st, action)), action + " behind EnforceMode");
    }
    for (JsonNode statement : guarded) {
      if (grants(statement, "ecs:TagResource")) {
        assertEquals(
            json("[\"ecs-guardrail:blocked\"]"),
            statement.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys"));
        assertEquals(
            "false", statement.path("Condition").path("Null").path("aws:TagKeys").asText());
      }
    }
  }

  @Test
  void serviceChangeFunction_isWiredToTopicLedgerAndMode() throws IOException {
    JsonNode template = cfnTemplate();
    JsonNode function = template.path("Resources").path("ServiceChangeFunction").path("Properties");
    JsonNode env = function.path("Environment").path("Variables");
    JsonNode topic =
        json(
            "{\"Fn::If\":[\"HasExistingAlertTopic\",{\"Ref\":\"ExistingAlertTopicArn\"},"
                + "{\"Ref\":\"AlertsTopic\"}]}");
    assertEquals(topic, env.path("TOPIC_ARN"));
    assertEquals(json("{\"Ref\":\"LedgerTable\"}"), env.path("LEDGER_TABLE"));
    assertEquals(json("{\"Ref\":\"Mode\"}"), env.path("MODE"));
    assertFalse(env.path("POWERTOOLS_SERVICE_NAME").asText().isBlank());

    // The function may publish where TOPIC_ARN points, and use the ledger table.
    List<JsonNode> statements = new ArrayList<>();
    function.path("Policies").forEach(p -> p.path("Statement").forEach(statements::add));
    assertTrue(
        statements.stream()
            .anyMatch(st -> grants(st, "sns:Publish") && st.path("Resource").equals(topic)),
        "sns:Publish on TOPIC_ARN's topic");
    assertTrue(
        statements.stream()
            .anyMatch(
                st ->
                    grants(st, "dynamodb:UpdateItem")
                        && st.path("Resource")
                            .equals(json("{\"Fn::GetAtt\":[\"LedgerTable\",\"Arn\"]}"))),
        "dynamodb:UpdateItem (the ledger's claims) on the ledger table");
  }

  @Test
  void alarms_notifyTheAlertsTopic() throws IOException {
    JsonNode template = cfnTemplate();
    JsonNode resources = template.path("Resources");
    for (String name :
        List.of("DeadLetterAlarm", "ServiceChangeErrorsAlarm", "NotificationFailuresAlarm")) {
      JsonNode alarm = resources.path(name);
      assertEquals("AWS::CloudWatch::Alarm", alarm.path("Type").asText(), name);
      assertEquals(
          json("[{\"Ref\":\"AlertsTopic\"}]"), alarm.path("Properties").path("AlarmActions"), name);
      assertEquals(
          "notBreaching", alarm.path("Properties").path("TreatMissingData").asText(), name);
    }
    JsonNode errors = resources.path("ServiceChangeErrorsAlarm").path("Properties");
    assertEquals("AWS/Lambda", errors.path("Namespace").asText());
    assertEquals("Errors", errors.path("MetricName").asText());
    assertEquals(
        json("[{\"Name\":\"FunctionName\",\"Value\":{\"Ref\":\"ServiceChangeFunction\"}}]"),
        errors.path("Dimensions"));

    // Powertools metrics 2.9.0 adds the default dimension "Service" = POWERTOOLS_SERVICE_NAME.
    JsonNode failures = resources.path("NotificationFailuresAlarm").path("Properties");
    JsonNode env =
        resources
            .path("ServiceChangeFunction")
            .path("Properties")
            .path("Environment")
            .path("Variables");
    String namespace =
        template
            .path("Globals")
            .path("Function")
            .path("Environment")
            .path("Variables")
            .path("POWERTOOLS_METRICS_NAMESPACE")
            .asText();
    assertEquals(namespace, failures.path("Namespace").asText());
    assertEquals("NotificationFailures", failures.path("MetricName").asText());
    ObjectNode dimension = JsonNodeFactory.instance.objectNode();
    dimension.put("Name", "Service").set("Value", env.path("POWERTOOLS_SERVICE_NAME"));
    assertEquals(JsonNodeFactory.instance.arrayNode().add(dimension), failures.path("Dimensions"));
  }

  private static final Set<String> SERVICE_WRITES = Set.of("ecs:UpdateService", "ecs:TagResource");

  /** Walks the tree; {@code inEnforce} is true below the statement branch of !If EnforceMode. */
  private static void collectWriteGrants(
      JsonNode node,
      String path,
      boolean inEnforce,
      List<String> unguarded,
      List<JsonNode> guarded) {
    if (node.isObject()) {
      JsonNode condition = node.get("Fn::If");
      if (condition != null && condition.isArray() && condition.size() == 3) {
        boolean enforceIf =
            condition.get(0).asText().equals("EnforceMode")
                && condition.get(2).equals(json("{\"Ref\":\"AWS::NoValue\"}"));
        collectWriteGrants(
            condition.get(1), path + "/If[then]", inEnforce || enforceIf, unguarded, guarded);
        collectWriteGrants(condition.get(2), path + "/If[else]", inEnforce, unguarded, guarded);
        return;
      }
      if (node.has("Action") && "Allow".equals(node.path("Effect").asText())) {
        boolean writes = SERVICE_WRITES.stream().anyMatch(a -> grants(node, a));
        if (writes && inEnforce) {
          guarded.add(node);
        } else if (writes) {
          unguarded.add(path);
        }
        return;
      }
      node.properties()
          .forEach(
              e ->
                  collectWriteGrants(
                      e.getValue(), path + "/" + e.getKey(), inEnforce, unguarded, guarded));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectWriteGrants(node.get(i), path + "[" + i + "]", inEnforce, unguarded, guarded);
      }
    }
  }

  /** The statement's Action names the action, directly or by an IAM wildcard. */
  private static boolean grants(JsonNode statement, String action) {
    JsonNode actions = statement.path("Action");
    List<String> names = new ArrayList<>();
    if (actions.isArray()) {
      actions.forEach(a -> names.add(a.asText()));
    } else {
      names.add(actions.asText());
    }
    String wanted = action.toLowerCase(Locale.ROOT);
    return names.stream()
        .map(
            n ->
                n.toLowerCase(Locale.ROOT).replace(".", "\\.").replace("*", ".*").replace("?", "."))
        .anyMatch(wanted::matches);
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /**
   * The template with CloudFormation's short-form tags expanded the way CloudFormation reads them:
   * {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} {@code {"Fn::GetAtt": ["A",
   * "B"]}}, and any other {@code !Name v} {@code {"Fn::Name": v}}. (The plain reader drops the
   * tags, so an {@code !If} would look like any list.)
   */
  private static JsonNode cfnTemplate() throws IOException {
    try (YAMLParser parser = new YAMLFactory().createParser(TEMPLATE.toFile())) {
      parser.nextToken();
      return cfnNode(parser);
    }
  }

  private static JsonNode cfnNode(YAMLParser parser) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    String tag = parser.getTypeId();
    JsonToken token = parser.currentToken();
    JsonNode value =
        switch (token) {
          case START_OBJECT -> {
            ObjectNode object = nodes.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String name = parser.currentName();
              parser.nextToken();
              object.set(name, cfnNode(parser));
            }
            yield object;
          }
          case START_ARRAY -> {
            ArrayNode array = nodes.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              array.add(cfnNode(parser));
            }
            yield array;
          }
          case VALUE_STRING -> nodes.textNode(parser.getText());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
          case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(parser.getBooleanValue());
          case VALUE_NULL -> nodes.nullNode();
          default -> throw new IOException("unexpected " + token + " in " + TEMPLATE);
        };
    if (tag == null) {
      return value;
    }
    if (tag.equals("Ref")) {
      return nodes.objectNode().set("Ref", value);
    }
    if (tag.equals("GetAtt") && value.isTextual()) {
      String[] parts = value.asText().split("\\.", 2);
      return nodes.objectNode().set("Fn::GetAtt", nodes.arrayNode().add(parts[0]).add(parts[1]));
    }
    return nodes.objectNode().set("Fn::" + tag, value);
  }

  private static String pattern(String function, String event) throws IOException {
    JsonNode pattern =
        template()
            .get("Resources")
            .get(function)
            .get("Properties")
            .get("Events")
            .get(event)
            .get("Properties")
            .get("Pattern");
    return new ObjectMapper().writeValueAsString(pattern);
  }

  private static JsonNode template() throws IOException {
    // CloudFormation's short tags (!Ref, !Sub) are kept as plain values by the YAML reader.
    return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
  }

  private static void run(String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
    builder.environment().put("SAM_CLI_TELEMETRY", "0");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
  }
}
