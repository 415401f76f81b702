package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's steps (action.yml runs action/version, action/install and action/check) as
 * the runner runs them: environment variables in, {@code GITHUB_OUTPUT} out, the release assets
 * {@code mvn package} wrote served over HTTP from a loopback server standing in for the release's
 * download URL.
 */
class ActionIT {

  private static final Path ACTION = Project.ROOT.resolve("action");
  private static final Distribution DISTRIBUTION = Distribution.built();
  private static final Map<String, byte[]> SERVED = new HashMap<>();
  private static HttpServer releases;

  private record Step(int exit, String output, String log) {}

  @BeforeAll
  static void serveTheRelease() throws IOException {
    releases = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String tag = "/v" + DISTRIBUTION.version() + "/";
    Path archive = DISTRIBUTION.archive();
    SERVED.put(tag + archive.getFileName(), Files.readAllBytes(archive));
    Path sums = archive.resolveSibling(archive.getFileName() + ".sha256");
    SERVED.put(tag + sums.getFileName(), Files.readAllBytes(sums));
    releases.createContext(
        "/",
        exchange -> {
          byte[] body = SERVED.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    releases.start();
  }

  @AfterAll
  static void stop() {
    releases.stop(0);
  }

  private static String releaseUrl() {
    return "http://127.0.0.1:" + releases.getAddress().getPort() + "/v" + DISTRIBUTION.version();
  }

  private static Step run(String step, Path work, Map<String, String> env)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(work, "github-output", "");
    ProcessBuilder builder =
        new ProcessBuilder(ACTION.resolve(step).toString())
            .directory(Project.ROOT.toFile())
            .redirectErrorStream(true);
    builder.environment().put("GITHUB_OUTPUT", output.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), step + " did not finish: " + log);
    return new Step(process.exitValue(), Files.readString(output), log);
  }

  @Test
  void version_isTheActionsTag_orTheInput_andABranchIsRefused(@TempDir Path work) throws Exception {
    Step tag = run("version", work, Map.of("INPUT_VERSION", "", "ACTION_REF", "v0.1.0"));
    assertEquals("version=0.1.0\n", tag.output(), tag.log());
    Step input = run("version", work, Map.of("INPUT_VERSION", "0.2.1", "ACTION_REF", "main"));
    assertEquals("version=0.2.1\n", input.output(), input.log());

    Step branch = run("version", work, Map.of("INPUT_VERSION", "", "ACTION_REF", "main"));
    assertEquals(2, branch.exit());
    assertTrue(branch.log().startsWith("::error::ecs-guardrail: say which release"), branch.log());
  }

  @Test
  void install_thenCheck_writesSarif_andExitsAsCheck(@TempDir Path work) throws Exception {
    Path home = work.resolve("ecs-guardrail");
    Step install =
        run(
            "install",
            work,
            Map.of(
                "VERSION",
                DISTRIBUTION.version(),
                "DEST",
                home.toString(),
                "RELEASE_URL",
                releaseUrl()));
    assertEquals(0, install.exit(), install.log());
    assertTrue(install.log().contains("ecs-guardrail "), install.log());

    Path sarif = work.resolve("results.sarif");
    Map<String, String> check =
        new HashMap<>(
            Map.of(
                "GUARDRAIL", home.resolve("bin/ecs-guardrail").toString(),
                "FILES",
                    "events/cloudformation/service-no-app-protocol.yaml"
                        + " events/terraform/new-service-no-app-protocol/plan.json",
                "FORMAT", "sarif",
                "OUTPUT", sarif.toString(),
                "FAIL_ON", "MEDIUM",
                "ARGS", "",
                "FAIL", "true"));
    Step failing = run("check", work, check);
    assertEquals(1, failing.exit(), failing.log());
    assertEquals("exit-code=1\n", failing.output());
    JsonNode log = StrictJson.parse(Files.readAllBytes(sarif), "sarif");
    TreeSet<String> rules = new TreeSet<>();
    log.get("runs").get(0).get("results").forEach(r -> rules.add(r.get("ruleId").asText()));
    assertEquals(new TreeSet<>(java.util.List.of("SC002")), rules);

    check.put("FAIL", "false");
    Step reporting = run("check", work, check);
    assertEquals(0, reporting.exit(), reporting.log());
    assertEquals("exit-code=1\n", reporting.output());
  }

  @Test
  void install_refusesAnArchiveThatIsNotTheReleased(@TempDir Path work) throws Exception {
    String tag = "/v" + DISTRIBUTION.version() + "/";
    String name = DISTRIBUTION.archive().getFileName().toString();
    byte[] released = SERVED.get(tag + name);
    SERVED.put(tag + name, "not the archive".getBytes(StandardCharsets.UTF_8));
    try {
      Step install =
          run(
              "install",
              work,
              Map.of(
                  "VERSION",
                  DISTRIBUTION.version(),
                  "DEST",
                  work.resolve("ecs-guardrail").toString(),
                  "RELEASE_URL",
                  releaseUrl()));
      assertNotEquals(0, install.exit(), install.log());
      assertTrue(Files.notExists(work.resolve("ecs-guardrail/bin")), install.log());
    } finally {
      SERVED.put(tag + name, released);
    }
  }
}
