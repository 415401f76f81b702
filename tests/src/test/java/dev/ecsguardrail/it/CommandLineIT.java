package dev.ecsguardrail.it;

import static dev.ecsguardrail.it.CloudMapSeed.LEGACY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.CommandLineCredentials;
import dev.ecsguardrail.it.CloudMapSeed.Legacy;
import dev.ecsguardrail.it.CloudMapSeed.Namespace;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceNotFoundException;

/**
 * {@code bin/ecs-guardrail scan} and {@code cleanup} as a user runs them: the real script and the
 * shaded jar in their own process, against the emulator through {@code AWS_ENDPOINT_URL}. The
 * account is seeded with the SDK: the namespace a deleted cluster left behind ({@link
 * CloudMapSeed#legacy}: 1 Cloud Map service, 2 instances), a namespace still in use (the Service
 * Connect default of an ACTIVE cluster), and a service on the App Mesh task definition (SC008 HIGH,
 * a standing finding). What is left afterwards is read back with the SDK.
 */
@ExtendWith(EmptyEmulator.class)
class CommandLineIT {

  private static final Path CLI = Project.ROOT.resolve("bin/ecs-guardrail");
  private static final String MESH_SERVICE = Fleet.PREFIX + "prod/mesh-a";

  /** A Java stack frame, or the JVM's report of an uncaught exception. */
  private static final Pattern STACK_TRACE =
      Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by: ");

  private final AwsClients clients =
      AwsClients.create(Emulator.REGION, Emulator.endpoint(), List.of());
  private final ServiceDiscoveryClient cloudMap = clients.cloudMap();
  private final CloudMapSeed seed = new CloudMapSeed(clients);

  /** What was seeded: the namespace left behind and the one still in use. */
  private record Seeded(Legacy legacy, Namespace inUse) {}

  private Seeded seedAccount(Fleet fleet) {
    Legacy legacy = seed.legacy();
    Namespace inUse = seed.httpNamespace(Fleet.PREFIX + "orders");
    seed.cluster(Fleet.PREFIX + "orders", inUse.arn());
    fleet.createService("prod", "mesh-a", "legacy-mesh", 1);
    return new Seeded(legacy, inUse);
  }

  // ---- check on a Terraform plan
  // ------------------------------------------------------------------

  /**
   * A plan that moves a service onto an existing revision names it by ARN: the command line reads
   * it through the ECS API (here the emulator), as it does for an event.
   */
  @Test
  void checkTerraformPlan_readsAnExistingRevisionThroughTheEcsApi(@TempDir Path dir)
      throws IOException {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      String arn = fleet.taskDefinitionArn("payments-tcp");
      String plan =
          Files.readString(Project.EVENTS.resolve("terraform/update-existing-revision/plan.json"))
              .replace("arn:aws:ecs:us-east-1:123456789012:task-definition/catalog-http:7", arn)
              .replace("\"port_name\":\"http\"", "\"port_name\":\"api\"");
      Path file = Files.writeString(dir.resolve("plan.json"), plan);

      Run check = run("check", file.toString());

      assertEquals(1, check.exit(), check.toString());
      JsonNode json = StrictJson.parse(check.stdout().getBytes(StandardCharsets.UTF_8), "stdout");
      assertEquals("evaluated", json.at("/resources/0/status").asText(), json.toPrettyString());
      assertEquals(
          List.of("SC002"),
          list(json.get("findings")).stream().map(f -> f.get("ruleId").asText()).toList(),
          "payments-tcp's port has no appProtocol: " + json.toPrettyString());
      assertEquals("aws_ecs_service.catalog", json.at("/findings/0/resource").asText());
    }
  }

  // ---- scan -------------------------------------------------------------------------------------

  @Test
  void scanJson_listsExactlyTheNamespaceLeftBehind_andTheStandingFinding() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seedAccount(fleet).legacy();

      Run scan = run("scan", "--format", "json");

      assertEquals(1, scan.exit(), scan.toString());
      assertTrue(scan.stderr().isBlank(), scan.toString());
      // Only JSON on stdout: the strict reader fails on anything after the document.
      JsonNode json = StrictJson.parse(scan.stdout().getBytes(StandardCharsets.UTF_8), "stdout");
      assertTrue(json.get("complete").asBoolean(), json.toPrettyString());
      assertEquals(0, json.get("skipped").size(), json.toPrettyString());
      assertEquals(fleet.account, json.get("account").asText());
      assertEquals(Emulator.REGION, json.get("region").asText());

      assertEquals(1, json.get("orphans").size(), json.get("orphans").toPrettyString());
      JsonNode orphan = json.get("orphans").get(0);
      assertEquals("namespace", orphan.get("kind").asText());
      assertEquals(legacy.namespaceArn(), orphan.get("arn").asText());
      assertEquals(LEGACY, orphan.get("name").asText());
      assertEquals("HTTP", orphan.get("namespaceType").asText());
      assertEquals(1, orphan.get("services").asInt());
      assertEquals(2, orphan.get("instances").asInt());
      assertEquals(0.2, orphan.get("monthlyCostUsd").asDouble(), 0.0);
      assertTrue(orphan.get("monthlyCostUsd").isNumber(), orphan.toString());
      assertTrue(
          orphan.get("reason").isTextual() && !orphan.get("reason").asText().isBlank(),
          orphan.toString());
      String service = legacy.serviceId();
      assertEquals(
          List.of(
              "aws servicediscovery deregister-instance --service-id "
                  + service
                  + " --instance-id task-1",
              "aws servicediscovery deregister-instance --service-id "
                  + service
                  + " --instance-id task-2",
              "aws servicediscovery delete-service --id " + service,
              "aws servicediscovery delete-namespace --id " + legacy.namespaceId()),
          texts(orphan.get("cleanup")));
      assertEquals(0.2, json.get("totalMonthlyCostUsd").asDouble(), 0.0);

      assertEquals(1, json.get("checkedServices").asInt(), json.toPrettyString());
      // The same finding objects as check: the standing SC008, and NS001 on what was left behind.
      List<JsonNode> findings = list(json.get("findings"));
      assertEquals(
          List.of("SC008", "NS001"),
          findings.stream().map(f -> f.get("ruleId").asText()).toList(),
          json.get("findings").toPrettyString());
      JsonNode ns001 = findings.getLast();
      assertEquals(legacy.namespaceArn(), ns001.get("resource").asText());
      assertEquals(orphan.get("cleanup"), ns001.at("/details/cleanup"));
      JsonNode finding = findings.getFirst();
      assertEquals("SC008", finding.get("ruleId").asText());
      assertEquals("HIGH", finding.get("severity").asText());
      assertEquals(MESH_SERVICE, finding.get("resource").asText());
      assertEquals("reported", finding.get("verdict").asText());
      assertTrue(finding.get("message").asText().contains("APPMESH"), finding.toString());
      assertFalse(finding.get("remediation").asText().isBlank(), finding.toString());
    }
  }

  @Test
  void scanTextAndEmail_showTheOrphanAndTheFinding_andFailOnHighStillFailsForSc008() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Seeded seeded = seedAccount(fleet);
      String arn = seeded.legacy().namespaceArn();

      Run text = run("scan", "--format", "text");
      assertEquals(1, text.exit(), text.toString());
      assertTrue(
          text.stdout().startsWith("complete: 1 left behind, $0.20 per month\n"), text.toString());
      assertTrue(
          text.stdout()
              .matches("(?s).*\nNS001 namespace +" + LEGACY + " +1 services +2 instances .*"),
          text.toString());
      assertTrue(text.stdout().contains(arn), text.toString());
      assertFalse(text.stdout().contains(seeded.inUse().arn()), "in use: " + text);
      assertTrue(text.stdout().contains("\n1 standing finding on 1 service\n"), text.toString());
      assertTrue(
          text.stdout().matches("(?s).*\nSC008 +HIGH +" + MESH_SERVICE + " .*APPMESH.*"),
          text.toString());

      Run email = run("scan", "--format", "email");
      assertEquals(1, email.exit(), email.toString());
      System.out.println("SCAN| " + email.stdout().strip().replace("\n", "\nSCAN| "));
      String body = email.stdout();
      assertTrue(body.startsWith("ecs-guardrail weekly digest\nAccount " + fleet.account), body);
      assertTrue(body.contains("\nLeft behind:  1\nCost:         $0.20 per month\n"), body);
      assertTrue(body.contains("\nFindings:     1 on 1 service checked (HIGH 1)\n"), body);
      assertTrue(body.contains("\n1. Namespace " + LEGACY + " (HTTP)\n"), body);
      assertTrue(body.contains("   ARN:      " + arn + "\n"), body);
      assertTrue(body.contains("   Left:     1 Cloud Map service, 2 instances\n"), body);
      assertTrue(
          body.contains("Clean up: bin/ecs-guardrail cleanup --namespace " + arn + " --yes"), body);
      assertTrue(body.contains("\nHIGH SC008: App Mesh proxy configuration"), body);
      assertTrue(body.contains("\n  - " + MESH_SERVICE + "\n"), body);

      // NS001 is MEDIUM: --fail-on HIGH ignores the orphan, not the HIGH standing finding.
      Run high = run("scan", "--fail-on", "HIGH");
      assertEquals(1, high.exit(), high.toString());
      assertEquals(2, json(high).get("findings").size(), high.toString());
    }
  }

  @Test
  void scanWithAPolicy_turningSc008Off_dropsTheFinding(@TempDir Path dir) throws IOException {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Legacy legacy = seedAccount(fleet).legacy();
      Path policy = dir.resolve("policy.json");
      Files.writeString(policy, "{\"rules\":{\"SC008\":\"off\"}}");

      Run scan = run("scan", "--policy", policy.toString());

      assertEquals(1, scan.exit(), "the orphan still fails the scan: " + scan);
      JsonNode json = json(scan);
      assertEquals(
          List.of("NS001"),
          list(json.get("findings")).stream().map(f -> f.get("ruleId").asText()).toList(),
          json.toPrettyString());
      assertEquals(1, json.get("checkedServices").asInt(), "the rules still ran on it");
      assertEquals(legacy.namespaceArn(), json.at("/orphans/0/arn").asText());

      // With the orphan's severity below --fail-on and SC008 off, nothing fails.
      Run high = run("scan", "--policy", policy.toString(), "--fail-on", "HIGH");
      assertEquals(0, high.exit(), high.toString());
    }
  }

  @Test
  void scanOfACleanAccount_exitsZero_withNothingListed() {
    seed.cluster(Fleet.PREFIX + "clean", null);

    Run scan = run("scan");

    assertEquals(0, scan.exit(), scan.toString());
    assertTrue(scan.stderr().isBlank(), scan.toString());
    JsonNode json = json(scan);
    assertTrue(json.get("complete").asBoolean(), json.toPrettyString());
    assertEquals(List.of(), list(json.get("orphans")));
    assertEquals(List.of(), list(json.get("findings")));
    assertEquals(0, json.get("totalMonthlyCostUsd").asDouble(), 0.0);
  }

  @Test
  void scanWithWebIdentityCredentials_getsThemFromSts(@TempDir Path dir) throws IOException {
    // How CI with OIDC signs in. SDK core loads the STS factory by name: shrinking the jar must
    // keep it (functions/pom.xml). moto takes any token and any role.
    assumeTrue(Emulator.isMoto(), "needs an STS that takes any web identity token");
    seed.cluster(Fleet.PREFIX + "clean", null);
    Path token = Files.writeString(dir.resolve("token"), "eyJ.test.token");

    Run scan =
        run(
            env -> {
              env.remove("AWS_ACCESS_KEY_ID");
              env.remove("AWS_SECRET_ACCESS_KEY");
              env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
              env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci");
              env.put("AWS_ROLE_SESSION_NAME", "ci");
            },
            "scan");

    assertEquals(0, scan.exit(), scan.toString());
    assertTrue(json(scan).get("complete").asBoolean(), scan.toString());
  }

  /**
   * A laptop or runner with no credentials: one line saying so and how to check offline, never the
   * SDK's list of providers (the instance role is not asked off EC2).
   */
  @Test
  void checkWithoutCredentials_saysSoInOneLine_withTheOfflineFlags(@TempDir Path home) {
    Run check =
        run(
            env -> {
              env.keySet().removeIf(k -> k.startsWith("AWS_"));
              env.put("HOME", home.toString()); // no ~/.aws
              env.put("AWS_REGION", "us-east-1");
            },
            "check",
            "--event",
            "events/create-service-sc-no-app-protocol.json");

    assertEquals(2, check.exit(), check.toString());
    assertEquals(
        List.of(
            "ecs-guardrail: "
                + CommandLineCredentials.MISSING
                + "; check needs AWS here, or the context as files: --task-definition FILE,"
                + " --inventory FILE"),
        check.stderr().lines().toList());
  }

  // ---- cleanup ----------------------------------------------------------------------------------

  @Test
  void cleanup_plansWithoutYes_refusesANamespaceInUse_deletesTheOrphanWithYes() {
    try (Fleet fleet = new Fleet(Emulator.endpoint())) {
      Seeded seeded = seedAccount(fleet);
      Legacy legacy = seeded.legacy();
      String service = legacy.serviceId();

      // Without --yes: the plan, and nothing deleted.
      Run plan = run("cleanup", "--namespace", legacy.namespaceArn());
      assertEquals(0, plan.exit(), plan.toString());
      assertTrue(
          plan.stdout().startsWith("Would delete " + LEGACY + " (HTTP), $0.20 per month:\n"),
          plan.toString());
      for (String command :
          List.of(
              "aws servicediscovery deregister-instance --service-id "
                  + service
                  + " --instance-id task-1",
              "aws servicediscovery deregister-instance --service-id "
                  + service
                  + " --instance-id task-2",
              "aws servicediscovery delete-service --id " + service,
              "aws servicediscovery delete-namespace --id " + legacy.namespaceId())) {
        assertTrue(
            plan.stdout().contains("\n  " + command + "\n"), command + "\n" + plan.toString());
      }
      assertTrue(plan.stdout().contains("Nothing deleted"), plan.toString());
      assertEquals(LEGACY, namespaceName(legacy.namespaceId()));
      assertEquals(2, instances(service), "the instances are still registered");

      // A namespace in use is refused, even with --yes.
      Run refused = run("cleanup", "--namespace", seeded.inUse().arn(), "--yes");
      assertEquals(1, refused.exit(), refused.toString());
      assertTrue(refused.stderr().contains("refused"), refused.toString());
      assertFalse(refused.stdout().contains("Deleting"), refused.toString());
      assertEquals(Fleet.PREFIX + "orders", namespaceName(seeded.inUse().id()));

      // With --yes: instances, then the service, then the namespace.
      Run deleted = run("cleanup", "--namespace", legacy.namespaceArn(), "--yes");
      assertEquals(0, deleted.exit(), deleted.toString());
      String out = deleted.stdout();
      int first = out.indexOf("deregistered task-1 from " + service);
      int second = out.indexOf("deregistered task-2 from " + service);
      int serviceGone = out.indexOf("deleted service " + service);
      int namespaceGone = out.indexOf("Deleted " + LEGACY + ".");
      assertTrue(
          first > 0 && second > 0 && serviceGone > Math.max(first, second),
          "instances first: " + out);
      assertTrue(namespaceGone > serviceGone, "the namespace last: " + out);
      assertThrows(
          NamespaceNotFoundException.class,
          () -> cloudMap.getNamespace(r -> r.id(legacy.namespaceId())));
      assertThrows(ServiceNotFoundException.class, () -> cloudMap.getService(r -> r.id(service)));
      assertThrows(
          ServiceNotFoundException.class,
          () -> cloudMap.getInstance(r -> r.serviceId(service).instanceId("task-1")));
      assertFalse(
          cloudMap.listNamespaces().namespaces().stream()
              .anyMatch(n -> n.id().equals(legacy.namespaceId())),
          "no longer listed");
      assertEquals(Fleet.PREFIX + "orders", namespaceName(seeded.inUse().id()), "still there");

      // The next scan no longer lists it; the standing finding remains.
      Run scan = run("scan");
      assertEquals(1, scan.exit(), scan.toString());
      JsonNode json = json(scan);
      assertEquals(List.of(), list(json.get("orphans")), json.toPrettyString());
      assertEquals(0, json.get("totalMonthlyCostUsd").asDouble(), 0.0);
      assertEquals("SC008", json.at("/findings/0/ruleId").asText(), json.toPrettyString());
    }
  }

  @Test
  void cleanupOfANamespaceThatDoesNotExist_exitsTwo_withOneLine() {
    Namespace real = seed.httpNamespace(Fleet.PREFIX + "real");
    String missing = real.arn().substring(0, real.arn().lastIndexOf('/')) + "/ns-0000000000000000";

    Run cleanup = run("cleanup", "--namespace", missing, "--yes");

    assertEquals(2, cleanup.exit(), cleanup.toString());
    List<String> lines = cleanup.stderr().strip().lines().toList();
    assertEquals(1, lines.size(), cleanup.toString());
    assertTrue(lines.getFirst().startsWith("ecs-guardrail: "), cleanup.toString());
    assertTrue(lines.getFirst().contains(missing), cleanup.toString());
    assertTrue(lines.getFirst().contains("does not exist"), cleanup.toString());
    assertEquals("", cleanup.stdout(), cleanup.toString());
    assertEquals(Fleet.PREFIX + "real", namespaceName(real.id()), "others untouched");
  }

  @Test
  void cleanupOfAnArnInAnotherAccount_deletesNothing_andSaysWhy() {
    Namespace real = seed.httpNamespace(Fleet.PREFIX + "real");
    String elsewhere = real.arn().replaceFirst(":\\d{12}:", ":999999999999:");

    Run cleanup = run("cleanup", "--namespace", elsewhere, "--yes");

    assertEquals(2, cleanup.exit(), cleanup.toString());
    List<String> lines = cleanup.stderr().strip().lines().toList();
    assertEquals(1, lines.size(), cleanup.toString());
    assertTrue(
        lines.getFirst().contains("is not what these credentials reach"), cleanup.toString());
    assertTrue(lines.getFirst().contains("nothing deleted"), cleanup.toString());
    assertEquals(Fleet.PREFIX + "real", namespaceName(real.id()), "not deleted");
  }

  // ---- the process ------------------------------------------------------------------------------

  /** One run of the command line: its exit status and what it printed. */
  private record Run(List<String> args, int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "ecs-guardrail "
          + String.join(" ", args)
          + " -> exit "
          + exit
          + "\n--- stdout\n"
          + stdout
          + "--- stderr\n"
          + stderr;
    }
  }

  /** Runs {@code bin/ecs-guardrail} against the emulator; never prints a stack trace. */
  private static Run run(String... args) {
    return run(env -> {}, args);
  }

  /** The same, with the environment changed after the emulator's settings. */
  private static Run run(Consumer<Map<String, String>> environment, String... args) {
    List<String> command = new ArrayList<>();
    command.add(CLI.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Project.ROOT.toFile());
    Map<String, String> env = builder.environment();
    if (Emulator.isMoto()) {
      // No profile, session token or other endpoint of the developer's leaks in: moto's account.
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_ACCESS_KEY_ID", "testing");
      env.put("AWS_SECRET_ACCESS_KEY", "testing");
    }
    env.put("AWS_ENDPOINT_URL", Emulator.endpoint().toString());
    env.put("AWS_REGION", Emulator.REGION);
    environment.accept(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("ecs-guardrail " + String.join(" ", args) + ": no exit in 120 s");
      }
      Run run = new Run(List.of(args), process.exitValue(), stdout.join(), stderr.join());
      assertFalse(STACK_TRACE.matcher(run.stderr()).find(), "a stack trace: " + run);
      assertFalse(STACK_TRACE.matcher(run.stdout()).find(), "a stack trace: " + run);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> drain(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static JsonNode json(Run run) {
    return StrictJson.parse(run.stdout().getBytes(StandardCharsets.UTF_8), "stdout of " + run);
  }

  private String namespaceName(String id) {
    return cloudMap.getNamespace(r -> r.id(id)).namespace().name();
  }

  private int instances(String serviceId) {
    return cloudMap.listInstances(r -> r.serviceId(serviceId)).instances().size();
  }

  private static List<JsonNode> list(JsonNode array) {
    assertTrue(array != null && array.isArray(), "an array: " + array);
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<String> texts(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }
}
