package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.alarm.SidecarAlarm;
import dev.ecsguardrail.aws.SdkPriming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven: each function's IAM role (as SAM generates it from template.yaml) allows
 * the AWS operations its code can call, and nothing else but the commented allowances below; {@code
 * Resource: "*"} only where an action has no resource-level permissions; write permissions only
 * where they are needed, and scoped.
 *
 * <p>The code side is {@link SdkOperations} (ArchUnit, from each handler class). The role side is
 * template.yaml after the AWS::Serverless transform ({@code tests/sam-translate.py}, the translator
 * SAM CLI deploys with): inline policies, the managed policies the role attaches (the stack's own,
 * such as SweepReadPolicy, and AWS's), and what SAM adds by itself.
 */
class IamPolicyIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Every optional grant switched on: Mode=enforce, a central topic with its own key, Slack, an
   * organization bucket with its own key.
   */
  private static final Map<String, Boolean> ALL_ON =
      Map.of(
          "EnforceMode", true,
          "HasExistingAlertTopic", true,
          "HasExistingAlertTopicKey", true,
          "HasSlackWebhook", true,
          "HasAlertEmail", true,
          "HookEnabled", true,
          "HookFails", true,
          "SecurityHubOn", true,
          "HasOrgReportBucket", true,
          "HasOrgReportKey", true);

  /**
   * SnapStart priming: its SDK calls go to canned answers (CannedResponseHttpClient, anonymous
   * credentials) before the snapshot, never to AWS, so they need no permission.
   */
  private static final Set<Class<?>> NOT_FOLLOWED = Set.of(SdkPriming.class);

  /**
   * Operations the call graph reaches that the code never calls at run time: a branch the static
   * analysis cannot rule out. Each must stay reachable (the test checks), so the list cannot go
   * stale unnoticed.
   */
  private static final Map<String, Map<String, String>> NOT_CALLED_AT_RUN_TIME =
      Map.of(
          "ClusterDeletionFunction",
          Map.of(
              "ecs:DescribeTaskDefinition",
              "InventoryGateway.sweepNamespace runs with withTaskDefinitions=false: only the full"
                  + " sweep (the digest) reads task definitions"),
          "SidecarAlarmReconcileFunction",
          cloudMapOfNoNamespace());

  private static Map<String, String> cloudMapOfNoNamespace() {
    String why =
        "InventoryGateway.services passes no namespace to Run.inventory: its Cloud Map part"
            + " iterates over none";
    return Map.of(
        "servicediscovery:ListServices", why,
        "servicediscovery:GetService", why,
        "servicediscovery:ListInstances", why);
  }

  // Actions a role needs that no SDK call of the code shows.

  /**
   * AWSLambdaBasicExecutionRole, which SAM attaches to every function role: the Lambda service
   * writes the function's logs with it.
   */
  private static final Set<String> LOGS =
      Set.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

  /** The OnFailure destination: Lambda sends a failed asynchronous event with the role. */
  private static final Set<String> DEAD_LETTERS = Set.of("sqs:SendMessage");

  /**
   * AlertsKey encrypts the topic, the ledger table and the queues: SNS Publish to the topic,
   * DynamoDB reads and writes and SQS sends and receives call KMS on the caller's behalf.
   */
  private static final Set<String> ALERTS_KEY = Set.of("kms:Decrypt", "kms:GenerateDataKey");

  /** ExistingAlertTopicKmsKeyArn: publishing to a central topic encrypted with its own key. */
  private static final Set<String> CENTRAL_KEY = Set.of("kms:Decrypt", "kms:GenerateDataKey");

  /**
   * OrgReportKmsKeyArn: S3 asks KMS for a data key on the writer's behalf when it encrypts the
   * object (SSE-KMS).
   */
  private static final Set<String> ORG_REPORT_KEY = Set.of("kms:GenerateDataKey");

  /**
   * The organization stack's DigestKey encrypts its topic: SNS Publish calls KMS for the caller.
   */
  private static final Set<String> ORG_DIGEST_KEY = Set.of("kms:Decrypt", "kms:GenerateDataKey");

  /** The SQS event source mapping polls the delay queue with the function's role. */
  private static final Set<String> QUEUE_SOURCE =
      Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

  /**
   * PutMetricAlarm with Tags creates the alarm tagged only if the caller may also TagResource
   * (CloudWatch API reference, PutMetricAlarm, Tags).
   */
  private static final Set<String> TAG_ON_CREATE = Set.of("cloudwatch:TagResource");

  private static final Map<String, List<Set<String>>> NEEDED_WITHOUT_SDK_CALL =
      Map.of(
          "ServiceChangeFunction", List.of(LOGS, DEAD_LETTERS, ALERTS_KEY, CENTRAL_KEY),
          "ClusterDeletionFunction", List.of(LOGS, QUEUE_SOURCE, ALERTS_KEY, CENTRAL_KEY),
          "DigestFunction", List.of(LOGS, DEAD_LETTERS, ALERTS_KEY, CENTRAL_KEY, ORG_REPORT_KEY),
          "SidecarAlarmReconcileFunction", List.of(LOGS, DEAD_LETTERS, ALERTS_KEY, TAG_ON_CREATE),
          "SidecarAlarmFunction", List.of(LOGS, DEAD_LETTERS, ALERTS_KEY, CENTRAL_KEY),
          "SlackForwarderFunction", List.of(LOGS, DEAD_LETTERS, ALERTS_KEY),
          "HookFunction", List.of(LOGS, ALERTS_KEY, CENTRAL_KEY),
          "OrgDigestFunction", List.of(LOGS, ORG_DIGEST_KEY));

  /** The AWS managed policies a role may attach, with what they allow. */
  private static final Map<String, Set<String>> AWS_MANAGED =
      Map.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", LOGS);

  /**
   * Actions with no resource-level permissions (Service Authorization Reference): the only ones a
   * statement of the template may grant on {@code "*"}. Checked against the same data in cfn-lint's
   * Policies.json below.
   */
  private static final Map<String, String> WITHOUT_RESOURCE_TYPES =
      new TreeMap<>(
          Map.of(
              "ecs:ListClusters", "lists the clusters of the account and Region",
              "ecs:ListServices", "no resource type (the condition key ecs:cluster only)",
              "ecs:DescribeTaskDefinition", "no resource type",
              "servicediscovery:ListNamespaces", "no resource type",
              "servicediscovery:ListServices", "no resource type",
              "servicediscovery:ListTagsForResource",
                  "no resource type: a statement naming namespace ARNs would never match it",
              "cloudwatch:ListMetrics",
                  "its one resource type, dataset, is optional and is not what it lists",
              "organizations:ListAccounts", "no resource type"));

  /** Resource types that the reference lists for an action but that it does not require. */
  private static final Map<String, Set<String>> OPTIONAL_RESOURCE_TYPES =
      Map.of("cloudwatch:ListMetrics", Set.of("dataset"));

  /** The writes of the list, and the only functions that may make each. */
  private static final Map<String, Set<String>> WRITES =
      Map.of(
          "ecs:UpdateService", Set.of("ServiceChangeFunction"),
          "ecs:TagResource", Set.of("ServiceChangeFunction"),
          "cloudwatch:PutMetricAlarm", Set.of("SidecarAlarmReconcileFunction"),
          "cloudwatch:DeleteAlarms", Set.of("SidecarAlarmReconcileFunction"),
          "cloudwatch:TagResource", Set.of("SidecarAlarmReconcileFunction"),
          // The members' reports, and the organization stack's report beside them.
          "s3:PutObject", Set.of("DigestFunction", "OrgDigestFunction"));

  /**
   * template.yaml and org/template.yaml after the SAM transform, as one: their logical ids are
   * distinct (checked), and every function of both stacks is held to its code.
   */
  private static final JsonNode TEMPLATE =
      merged(translated("template.yaml"), translated("org/template.yaml"));

  private static JsonNode merged(JsonNode member, JsonNode organization) {
    ObjectNode both = member.deepCopy();
    ObjectNode resources = (ObjectNode) both.get("Resources");
    organization
        .path("Resources")
        .properties()
        .forEach(
            e -> {
              if (resources.has(e.getKey())) {
                throw new IllegalStateException("both templates define " + e.getKey());
              }
              resources.set(e.getKey(), e.getValue());
            });
    return both;
  }

  @Test
  void everyFunction_mayCallWhatItsCodeCalls_andNothingElse() {
    SdkOperations code = new SdkOperations(NOT_FOLLOWED);
    Map<String, String> table = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> functions = functions();
    assertEquals(NEEDED_WITHOUT_SDK_CALL.keySet(), functions.keySet(), "the template's functions");
    for (var function : functions.entrySet()) {
      String name = function.getKey();
      Map<String, String> reached = code.of(handler(function.getValue()));
      Map<String, String> dead = NOT_CALLED_AT_RUN_TIME.getOrDefault(name, Map.of());
      for (String action : dead.keySet()) {
        assertTrue(
            reached.containsKey(action),
            name + ": " + action + " is no longer reached; drop it from NOT_CALLED_AT_RUN_TIME");
      }
      Set<String> called = new TreeSet<>(reached.keySet());
      called.removeAll(dead.keySet());
      Set<String> expected = new TreeSet<>(called);
      NEEDED_WITHOUT_SDK_CALL.get(name).forEach(expected::addAll);
      Set<String> allowed = allowedActions(name, ALL_ON);

      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(allowed);
      Set<String> extra = new TreeSet<>(allowed);
      extra.removeAll(expected);
      missing.forEach(
          a ->
              problems.add(
                  name
                      + " may not "
                      + a
                      + (reached.containsKey(a) ? ", called in " + reached.get(a) : "")));
      extra.forEach(a -> problems.add(name + " may " + a + ", which it does not need"));
      table.put(name, "code " + called + " | role " + allowed);
    }
    table.forEach((f, row) -> System.out.println("IAM " + f + ": " + row));
    assertEquals(List.of(), problems);
  }

  /** Without Mode=enforce, the service change function loses exactly the two service writes. */
  @Test
  void reportMode_takesTheServiceWritesAway_andOnlyThem() {
    Map<String, Boolean> report = new LinkedHashMap<>(ALL_ON);
    report.put("EnforceMode", false);
    Set<String> withEnforce = allowedActions("ServiceChangeFunction", ALL_ON);
    Set<String> inReport = allowedActions("ServiceChangeFunction", report);
    withEnforce.removeAll(inReport);
    assertEquals(Set.of("ecs:TagResource", "ecs:UpdateService"), withEnforce);
  }

  /**
   * The digest writes the organization's copy under weekly/ of OrgReportBucket only, and only with
   * a bucket set; the key grant comes with OrgReportKmsKeyArn alone.
   */
  @Test
  void orgReport_isWrittenUnderWeeklyOnly_andOnlyWithABucket() {
    List<JsonNode> puts =
        statements("DigestFunction", ALL_ON).stream()
            .filter(st -> actions(st).contains("s3:PutObject"))
            .toList();
    assertEquals(1, puts.size(), puts.toString());
    assertEquals(Set.of("s3:PutObject"), actions(puts.getFirst()));
    assertEquals(
        sub("arn:${AWS::Partition}:s3:::${OrgReportBucket}/weekly/*"),
        puts.getFirst().path("Resource"));

    Map<String, Boolean> noKey = new LinkedHashMap<>(ALL_ON);
    noKey.put("HasOrgReportKey", false);
    List<JsonNode> withKey = new ArrayList<>(statements("DigestFunction", ALL_ON));
    withKey.removeAll(statements("DigestFunction", noKey));
    assertEquals(1, withKey.size(), withKey.toString());
    assertEquals(Set.of("kms:GenerateDataKey"), actions(withKey.getFirst()));
    assertEquals("OrgReportKmsKeyArn", withKey.getFirst().path("Resource").path("Ref").asText());

    Map<String, Boolean> off = new LinkedHashMap<>(noKey);
    off.put("HasOrgReportBucket", false);
    Set<String> lost = allowedActions("DigestFunction", noKey);
    lost.removeAll(allowedActions("DigestFunction", off));
    assertEquals(Set.of("s3:PutObject"), lost);
  }

  @Test
  void writes_areGrantedOnlyToTheFunctionThatMakesThem() {
    Set<String> cloudMapWrites = new TreeSet<>();
    for (String function : functions().keySet()) {
      for (String action : allowedActions(function, ALL_ON)) {
        if (WRITES.containsKey(action)) {
          assertTrue(WRITES.get(action).contains(function), function + " may " + action);
        }
        if (action.matches("servicediscovery:(Create|Delete|Deregister|Register|Update|Tag).*")) {
          cloudMapWrites.add(function + " " + action);
        }
      }
    }
    // Cloud Map's deletes are the CLI's cleanup, run with the operator's credentials.
    assertEquals(Set.of(), cloudMapWrites);
  }

  /**
   * The alarm writes reach the guardrail's alarms only (the name prefix the code gives them), and
   * create them tagged ecs-guardrail:managed with no other keys than the code's. DeleteAlarms
   * supports no condition key, so the prefix is its limit (template.yaml says why).
   */
  @Test
  void alarmWrites_areScopedToTheGuardrailsAlarms() {
    JsonNode ownAlarms =
        sub(
            "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:"
                + SidecarAlarm.NAME_PREFIX
                + "*");
    List<JsonNode> statements = statements("SidecarAlarmReconcileFunction", ALL_ON);
    int writes = 0;
    for (JsonNode st : statements) {
      Set<String> actions = actions(st);
      if (actions.contains("cloudwatch:PutMetricAlarm")
          || actions.contains("cloudwatch:TagResource")) {
        assertEquals(ownAlarms, st.path("Resource"), st.toString());
        assertEquals(
            "true",
            st.path("Condition")
                .path("StringEquals")
                .path("aws:RequestTag/" + SidecarAlarm.MANAGED_TAG)
                .asText(),
            st.toString());
        assertEquals(
            new TreeSet<>(
                Set.of(
                    SidecarAlarm.MANAGED_TAG, SidecarAlarm.CLUSTER_TAG, SidecarAlarm.SERVICE_TAG)),
            texts(st.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")),
            st.toString());
        writes++;
      }
      if (actions.contains("cloudwatch:DeleteAlarms")) {
        assertEquals(ownAlarms, st.path("Resource"), st.toString());
        assertEquals(Set.of("cloudwatch:DeleteAlarms"), actions, st.toString());
        writes++;
      }
    }
    assertEquals(2, writes, "the tagged writes and the deletes");
  }

  /**
   * {@code Resource: "*"} only on actions without resource-level permissions, and an ARN only on
   * actions that have some (else the statement never matches: the call is denied).
   */
  @Test
  void everyStatement_namesResources_whereTheActionHasResourceTypes() throws IOException {
    Map<String, Set<String>> reference = resourceTypes();
    for (var known : WITHOUT_RESOURCE_TYPES.keySet()) {
      Set<String> types = new TreeSet<>(reference.get(known.toLowerCase()));
      types.removeAll(OPTIONAL_RESOURCE_TYPES.getOrDefault(known, Set.of()));
      assertEquals(Set.of(), types, known + " has resource types in the reference");
    }
    List<String> problems = new ArrayList<>();
    for (String function : functions().keySet()) {
      for (JsonNode st : statements(function, ALL_ON)) {
        boolean everything = texts(st.path("Resource")).contains("*");
        for (String action : actions(st)) {
          Set<String> types = reference.get(action.toLowerCase());
          if (types == null) {
            problems.add(function + ": " + action + " is no IAM action");
          } else if (everything && !WITHOUT_RESOURCE_TYPES.containsKey(action)) {
            problems.add(function + ": " + action + " on \"*\", but it has " + types);
          } else if (!everything && types.isEmpty()) {
            problems.add(
                function
                    + ": "
                    + action
                    + " has no resource types, but names "
                    + st.path("Resource"));
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  // The role side.

  /** The functions (logical id to handler), the optional one included. */
  private static Map<String, String> functions() {
    Map<String, String> functions = new TreeMap<>();
    TEMPLATE
        .path("Resources")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.put(e.getKey(), e.getValue().path("Properties").path("Handler").asText());
              }
            });
    return functions;
  }

  private static Class<?> handler(String handler) {
    try {
      return Class.forName(handler.substring(0, handler.indexOf("::")));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(handler, e);
    }
  }

  /** What the role allows, under these conditions. */
  private static Set<String> allowedActions(String function, Map<String, Boolean> conditions) {
    Set<String> allowed = new TreeSet<>();
    statements(function, conditions).forEach(st -> allowed.addAll(actions(st)));
    for (String arn : awsManagedPolicies(function)) {
      assertTrue(
          AWS_MANAGED.containsKey(arn), function + " attaches " + arn + ": what does it allow?");
      allowed.addAll(AWS_MANAGED.get(arn));
    }
    return allowed;
  }

  /** Every Allow statement of the role: inline, and of the stack's managed policies. */
  private static List<JsonNode> statements(String function, Map<String, Boolean> conditions) {
    JsonNode resources = TEMPLATE.path("Resources");
    JsonNode role = role(function);
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : role.path("Policies")) {
      policy.path("PolicyDocument").path("Statement").forEach(statements::add);
    }
    // A policy attached only under a condition (SecurityHubFindingsPolicy) is an Fn::If here.
    JsonNode attached = resolve(role.path("ManagedPolicyArns"), conditions);
    for (JsonNode arn : attached == null ? JsonNodeFactory.instance.arrayNode() : attached) {
      if (arn.has("Ref")) {
        JsonNode managed = resources.path(arn.path("Ref").asText());
        assertEquals("AWS::IAM::ManagedPolicy", managed.path("Type").asText(), arn.toString());
        managed
            .path("Properties")
            .path("PolicyDocument")
            .path("Statement")
            .forEach(statements::add);
      }
    }
    List<JsonNode> resolved = new ArrayList<>();
    for (JsonNode st : statements) {
      JsonNode r = resolve(st, conditions);
      if (r != null) {
        assertEquals("Allow", r.path("Effect").asText(), r.toString());
        resolved.add(r);
      }
    }
    return resolved;
  }

  private static List<String> awsManagedPolicies(String function) {
    List<String> arns = new ArrayList<>();
    role(function)
        .path("ManagedPolicyArns")
        .forEach(
            a -> {
              if (a.isTextual()) {
                arns.add(a.asText());
              }
            });
    return arns;
  }

  private static JsonNode role(String function) {
    JsonNode resources = TEMPLATE.path("Resources");
    JsonNode roleRef = resources.path(function).path("Properties").path("Role").path("Fn::GetAtt");
    JsonNode role = resources.path(roleRef.path(0).asText());
    assertEquals("AWS::IAM::Role", role.path("Type").asText(), function + "'s role");
    return role.path("Properties");
  }

  /** Fn::If resolved under the conditions; AWS::NoValue dropped ({@code null} for the node). */
  private static JsonNode resolve(JsonNode node, Map<String, Boolean> conditions) {
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Fn::If")) {
        JsonNode args = node.get("Fn::If");
        Boolean on = conditions.get(args.get(0).asText());
        if (on == null) {
          throw new IllegalStateException("no value for condition " + args.get(0));
        }
        return resolve(args.get(on ? 1 : 2), conditions);
      }
      if (node.size() == 1 && node.path("Ref").asText().equals("AWS::NoValue")) {
        return null;
      }
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              e -> {
                JsonNode v = resolve(e.getValue(), conditions);
                if (v != null) {
                  copy.set(e.getKey(), v);
                }
              });
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(
          e -> {
            JsonNode v = resolve(e, conditions);
            if (v != null) {
              copy.add(v);
            }
          });
      return copy;
    }
    return node;
  }

  /** The statement's actions, named one by one: a wildcard would grant what no test sees. */
  private static Set<String> actions(JsonNode statement) {
    Set<String> actions = texts(statement.path("Action"));
    for (String action : actions) {
      assertFalse(action.contains("*") || action.contains("?"), "a wildcard action: " + statement);
    }
    return actions;
  }

  private static Set<String> texts(JsonNode node) {
    Set<String> texts = new TreeSet<>();
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.isTextual() ? n.asText() : n.toString()));
    } else if (!node.isMissingNode()) {
      texts.add(node.isTextual() ? node.asText() : node.toString());
    }
    return texts;
  }

  private static JsonNode sub(String text) {
    return JsonNodeFactory.instance.objectNode().put("Fn::Sub", text);
  }

  /**
   * The resource types of every IAM action (lower-cased {@code service:action}), from the Service
   * Authorization Reference as cfn-lint bundles it.
   */
  private static Map<String, Set<String>> resourceTypes() throws IOException {
    Path policies;
    try (Stream<Path> found =
        Files.find(
            Project.ROOT.resolve(".venv/lib"),
            6,
            (p, a) -> p.endsWith("cfnlint/data/AdditionalSpecs/Policies.json"))) {
      policies =
          found
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("run bin/setup-test-tools"));
    }
    Map<String, Set<String>> types = new TreeMap<>();
    JSON.readTree(policies.toFile())
        .properties()
        .forEach(
            service ->
                service
                    .getValue()
                    .path("Actions")
                    .properties()
                    .forEach(
                        action ->
                            types.put(
                                service.getKey() + ":" + action.getKey(),
                                texts(action.getValue().path("Resources")))));
    return types;
  }

  /** A template of the repository after the SAM transform. */
  private static JsonNode translated(String template) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
              Project.tool("SAM_PYTHON", Project.VENV_BIN.resolve("python")).toString(),
              Project.ROOT.resolve("tests/sam-translate.py").toString(),
              Project.ROOT.resolve(template).toString());
      builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      assertEquals(0, process.waitFor(), "sam-translate.py failed");
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
