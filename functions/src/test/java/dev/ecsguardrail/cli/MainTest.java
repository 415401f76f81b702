package dev.ecsguardrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.rules.AppProtocolMissingRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final Path EVENTS = Path.of("..", "events");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new Main(o, e).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** {@code check --event FILE} with every sample task definition, then {@code extra}. */
  private int checkEvent(String file, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("check", "--event", EVENTS.resolve(file).toString()));
    try (Stream<Path> tds = Files.list(EVENTS.resolve("taskdefs"))) {
      tds.sorted().forEach(td -> args.addAll(List.of("--task-definition", td.toString())));
    }
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private void assertNoStackTrace() {
    for (String line : errLines()) {
      assertFalse(line.strip().startsWith("at "), () -> "stack trace on stderr: " + errLines());
    }
  }

  @Test
  void cleanEvent_exits0() throws IOException {
    assertEquals(0, checkEvent("create-service-sc-http-clean.json"));
    assertTrue(out().contains("\"findings\" : [ ]"), out());
    assertEquals(List.of(), errLines());
  }

  @Test
  void missingAppProtocol_exits1() throws IOException {
    assertEquals(1, checkEvent("create-service-sc-no-app-protocol.json"));
    assertTrue(out().contains("\"ruleId\" : \"SC002\""), out());
  }

  @Test
  void failOnHigh_ignoresMediumFindings() throws IOException {
    assertEquals(0, checkEvent("create-service-cloud-map-scaled.json", "--fail-on", "HIGH"));
    assertTrue(out().contains("SC010"), out());
  }

  @Test
  void defaultFailOn_isMedium() throws IOException {
    assertEquals(1, checkEvent("create-service-cloud-map-scaled.json"));
  }

  @Test
  void malformedEvent_exits2WithOneLineAndEv001() throws IOException {
    assertEquals(2, checkEvent("malformed-no-detail.json"));

    assertEquals(1, errLines().size(), errLines()::toString);
    assertTrue(
        errLines()
            .getFirst()
            .startsWith(
                "ecs-guardrail: cannot evaluate 6f1e2d3c-4b5a-4978-8c6d-000000000014: $.detail is"
                    + " missing"),
        errLines()::toString);
    assertTrue(out().contains("\"ruleId\" : \"EV001\""), out());
  }

  @Test
  void unknownOption_exits2WithOneLine() {
    assertEquals(2, run("check", "--event", "x.json", "--bogus", "1"));

    assertEquals(
        List.of("ecs-guardrail: unknown option '--bogus'; see ecs-guardrail check --help"),
        errLines());
  }

  @Test
  void mistypedOption_namesTheClosestOne() {
    assertEquals(2, run("check", "--evnt", "x.json"));

    assertEquals(
        List.of(
            "ecs-guardrail: unknown option '--evnt' (did you mean --event?); see ecs-guardrail"
                + " check --help"),
        errLines());
  }

  @Test
  void unknownTrailingFlag_isReportedAsUnknown() {
    assertEquals(2, run("check", "--event", "x.json", "--verbose"));

    assertEquals(
        "ecs-guardrail: unknown option '--verbose'; see ecs-guardrail check --help",
        errLines().getFirst());
  }

  @Test
  void checkHelp_exits0_listingTheOptionsAndTheExitCodes() {
    assertEquals(0, run("check", "--help"));

    assertTrue(out().contains("--task-definition FILE"), out());
    assertTrue(out().contains("Exit codes: 0 nothing alerted"), out());
    assertEquals(List.of(), errLines());
  }

  @Test
  void version_exits0() {
    assertEquals(0, run("--version"));

    assertTrue(out().startsWith("ecs-guardrail "), out());
  }

  @Test
  void textFormat_worksOnCheckLikeOnScan() throws IOException {
    assertEquals(
        1,
        run(
            "check",
            "--event",
            EVENTS.resolve("create-service-sc-no-app-protocol.json").toString(),
            "--task-definition",
            EVENTS.resolve("taskdefs/payments-tcp.json").toString(),
            "--format",
            "text"));

    assertTrue(out().contains("SC002"), out());
    assertTrue(out().contains("[reported]"), out());
    assertTrue(out().contains("fix: Set appProtocol"), out());
  }

  @Test
  void alarmWithSm001Off_isVerdictOff_andExits0() throws IOException {
    Path policy = Files.createTempFile("policy", ".json");
    Files.writeString(policy, "{\"rules\":{\"SM001\":\"off\"}}");

    assertEquals(
        0,
        run(
            "check",
            "--event",
            EVENTS.resolve("alarm/sidecar-memory-alarm.json").toString(),
            "--policy",
            policy.toString()));

    JsonNode decision = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "out");
    assertEquals("SM001", decision.at("/findings/0/ruleId").asText());
    assertEquals("off", decision.at("/findings/0/verdict").asText());
  }

  @Test
  void deleteClusterOnTheOfflineFleet_isNs001InTheOneSchema() throws IOException {
    assertEquals(
        1,
        run(
            "check",
            "--event",
            EVENTS.resolve("cluster/delete-cluster-left-namespace.json").toString(),
            "--inventory",
            EVENTS.resolve("context/fleet.json").toString()));

    JsonNode decision = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "out");
    assertEquals("orphan", decision.get("kind").asText());
    assertEquals("NS001", decision.at("/findings/0/ruleId").asText());
    assertEquals(4, decision.at("/findings/0/details/cleanup").size());
  }

  @Test
  void namespaceTaggedExempt_inTheFleet_isVerdictExempt_andExits0(@TempDir Path dir)
      throws IOException {
    ObjectNode fleet =
        (ObjectNode)
            StrictJson.parse(Files.readAllBytes(EVENTS.resolve("context/fleet.json")), "fleet");
    for (JsonNode ns : fleet.get("namespaces")) {
      if ("legacy".equals(ns.get("name").asText())) {
        ((ObjectNode) ns).putObject("tags").put("ecs-guardrail:exempt", "NS001");
      }
    }
    Path file = dir.resolve("fleet.json");
    Files.writeString(file, fleet.toString());

    assertEquals(
        0,
        run(
            "check",
            "--event",
            EVENTS.resolve("cluster/delete-cluster-left-namespace.json").toString(),
            "--inventory",
            file.toString()));

    JsonNode decision = StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "out");
    assertEquals("exempt", decision.at("/findings/0/verdict").asText());
    assertEquals(
        "ecs-guardrail:exempt=NS001 on the namespace",
        decision.at("/findings/0/verdictReason").asText());
  }

  @Test
  void noCommand_exits2WithUsage() {
    assertEquals(2, run());
    assertTrue(errLines().stream().anyMatch(l -> l.startsWith("usage:")));
  }

  @Test
  void serviceWithoutTaskDefinition_exits2WithUsage() {
    assertEquals(2, run("check", "--service", "planned.json"));
    assertTrue(errLines().getFirst().contains("--service needs the task definition"));
  }

  @Test
  void invalidFailOn_exits2() {
    assertEquals(2, run("check", "--event", "x.json", "--fail-on", "CRITICAL"));
    assertTrue(errLines().getFirst().contains("--fail-on is LOW, MEDIUM or HIGH, not 'CRITICAL'"));
  }

  @Test
  void missingFile_exits2WithOneLineNoStackTrace() {
    assertEquals(2, run("check", "--event", EVENTS.resolve("no-such-event.json").toString()));

    assertEquals(1, errLines().size(), errLines()::toString);
    assertTrue(
        errLines().getFirst().startsWith("ecs-guardrail: cannot read "), errLines()::toString);
    assertNoStackTrace();
  }

  @Test
  void brokenTaskDefinitionFile_exits2WithOneLine(@TempDir Path dir) throws IOException {
    Path td = Files.writeString(dir.resolve("td.json"), "{\"family\": 7}");

    assertEquals(
        2,
        run(
            "check",
            "--event",
            EVENTS.resolve("create-service-sc-http-clean.json").toString(),
            "--task-definition",
            td.toString()));
    assertEquals(
        List.of("ecs-guardrail: td.json.family should be a string, got a number"), errLines());
  }

  @Test
  void eventFileNotJson_exits2WithOneLine(@TempDir Path dir) throws IOException {
    Path event = Files.writeString(dir.resolve("event.json"), "not json\n{");

    assertEquals(2, run("check", "--event", event.toString()));
    assertEquals(1, errLines().size(), errLines()::toString);
    assertTrue(
        errLines()
            .getFirst()
            .startsWith("ecs-guardrail: cannot evaluate unknown: the event is not" + " JSON"),
        errLines()::toString);
    assertTrue(out().contains("EV001"), out());
  }

  private Path plannedPayments(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("payments.json"),
        """
        {"cluster": "prod", "serviceName": "payments", "taskDefinition": "payments-tcp:1",
         "desiredCount": 3, "launchType": "FARGATE",
         "serviceConnectConfiguration": {"enabled": true, "namespace": "prod.internal",
           "services": [{"portName": "api", "discoveryName": "api"}]}}
        """);
  }

  @Test
  void plannedService_reportsFindings(@TempDir Path dir) throws IOException {
    Path service = plannedPayments(dir);

    int exit =
        run(
            "check",
            "--service",
            service.toString(),
            "--task-definition",
            EVENTS.resolve("taskdefs/payments-tcp.json").toString());

    assertEquals(1, exit);
    assertTrue(out().contains("\"eventId\" : \"planned:payments.json\""), out());
    assertTrue(out().contains("\"ruleId\" : \"SC002\""), out());
    assertTrue(out().contains("\"resource\" : \"prod/payments\""), out());
  }

  @Test
  void emailFormat_printsRuleIdAndRemediation(@TempDir Path dir) throws IOException {
    Path service = plannedPayments(dir);

    run(
        "check",
        "--service",
        service.toString(),
        "--task-definition",
        EVENTS.resolve("taskdefs/payments-tcp.json").toString(),
        "--format",
        "email");

    assertTrue(out().contains("HIGH SC002: "), out());
    assertTrue(
        out().contains("What to do:      " + AppProtocolMissingRule.INFO.remediation()), out());
    assertFalse(out().startsWith("{"), "text, not JSON");
  }

  /** The PR's template against the one the stack runs: renaming a Service Connect service. */
  @Test
  void previousTemplate_aRenamedServiceConnectService_isSc015High(@TempDir Path dir)
      throws IOException {
    Path before = EVENTS.resolve("cloudformation/service-no-app-protocol.yaml");
    Path after = dir.resolve("template.yaml");
    Files.writeString(
        after, Files.readString(before).replace("ServiceName: orders", "ServiceName: orders-v2"));

    int renamed = run("check", after.toString(), "--previous-template", before.toString());
    String renamedOut = out();
    out.reset();
    int same = run("check", before.toString(), "--previous-template", before.toString());

    assertEquals(1, renamed);
    JsonNode finding = null;
    for (JsonNode f :
        StrictJson.parse(renamedOut.getBytes(StandardCharsets.UTF_8), "out").get("findings")) {
      finding = f.get("ruleId").asText().equals("SC015") ? f : finding;
    }
    assertTrue(finding != null, renamedOut);
    assertEquals("HIGH", finding.get("severity").asText());
    assertEquals("ServiceName", finding.get("path").asText());
    assertFalse(
        StrictJson.parse(out().getBytes(StandardCharsets.UTF_8), "out")
            .get("findings")
            .toString()
            .contains("SC015"),
        "the same template replaces nothing: " + out());
    assertEquals(1, same, "SC002 is still there");
    err.reset();
    assertEquals(
        Main.UNEVALUABLE,
        run(
            "check",
            after.toString(),
            before.toString(),
            "--previous-template",
            before.toString()));
    assertEquals(
        List.of("ecs-guardrail: --previous-template goes with one template, not several"),
        errLines());
  }
}
