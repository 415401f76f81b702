package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image {@code mvn package} writes with jib:buildTar ({@code
 * cli/target/ecs-guardrail-image.tar}, the format {@code docker load} and {@code podman load}
 * read): its configuration, its files, and, where podman is installed and can run a container, a
 * check run in it.
 */
class ImageIT {

  private static final Path IMAGE = Distribution.CLI_TARGET.resolve("ecs-guardrail-image.tar");
  private static final String LAUNCHER = "/opt/ecs-guardrail/bin/ecs-guardrail";

  /** The tar's members by name (config.json, manifest.json, the layers). */
  private static Map<String, byte[]> members() throws IOException {
    assertTrue(Files.exists(IMAGE), IMAGE + " is missing: run mvn package");
    Map<String, byte[]> members = new HashMap<>();
    try (InputStream in = Files.newInputStream(IMAGE)) {
      Tar.read(in, (name, mode, content) -> members.put(name, content));
    }
    return members;
  }

  @Test
  void theImage_runsTheLauncher_asAUserThatIsNotRoot() throws IOException {
    Map<String, byte[]> members = members();
    JsonNode config = StrictJson.parse(members.get("config.json"), "config.json");
    assertEquals("linux", config.get("os").asText());
    assertEquals("amd64", config.get("architecture").asText());
    JsonNode container = config.get("config");
    assertEquals(List.of(LAUNCHER), List.of(container.get("Entrypoint").get(0).asText()));
    assertEquals(1, container.get("Entrypoint").size());
    String user = container.get("User").asText();
    assertNotEquals("", user);
    assertTrue(!user.equals("root") && !user.startsWith("0:") && !user.equals("0"), user);
    assertEquals("/work", container.get("WorkingDir").asText());
  }

  /** The launcher, the runtime's java and the shell are executable; the C library is there. */
  @Test
  void theLayers_holdTheDistributionAndWhatItLinks() throws IOException {
    Map<String, Integer> modes = new HashMap<>();
    long compressed = 0;
    for (Map.Entry<String, byte[]> member : members().entrySet()) {
      if (member.getKey().endsWith(".tar.gz")) {
        compressed += member.getValue().length;
        try (InputStream layer =
            new GZIPInputStream(new java.io.ByteArrayInputStream(member.getValue()))) {
          Tar.read(
              layer,
              (name, mode, content) -> modes.put("/" + name.replaceFirst("^\\./", ""), mode));
        }
      }
    }
    for (String executable : List.of(LAUNCHER, "/opt/ecs-guardrail/runtime/bin/java", "/bin/sh")) {
      assertTrue(modes.containsKey(executable), executable + " is not in the image");
      assertEquals(0755, modes.get(executable) & 0777, executable);
    }
    assertTrue(modes.containsKey("/lib/x86_64-linux-gnu/libc.so.6"), modes.keySet().toString());
    assertTrue(modes.containsKey("/opt/ecs-guardrail/lib/ecs-guardrail.aot"));
    // The archive's size, about: the runtime, the jar, the AOT cache and glibc.
    assertTrue(compressed < 80L * 1024 * 1024, "layers of " + compressed + " bytes");
  }

  /**
   * Where podman is installed: the image loaded and a check run in it, with no network. Sandboxes
   * may refuse the resource limits podman sets by default: none are asked (containers.conf).
   */
  @Test
  void aCheck_runsInTheImage_wherePodmanCan(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("podman"), "podman is not installed: the image's run is not tried");
    Path conf =
        Files.writeString(dir.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n");
    List<String> runtime = onPath("runc") ? List.of("--runtime", "runc") : List.of();
    assertEquals(0, podman(conf, runtime, List.of("load", "-i", IMAGE.toString())).exit());
    List<String> run =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--rm",
                "--network",
                "none",
                "-v",
                Project.EVENTS + ":/work:ro",
                "ecs-guardrail:" + Distribution.built().version(),
                "check",
                "cloudformation/service-no-app-protocol.yaml"));
    Result check = podman(conf, runtime, run);
    assertEquals(1, check.exit(), check.output());
    assertTrue(check.output().contains("\"SC002\""), check.output());
  }

  private record Result(int exit, String output) {}

  private static Result podman(Path conf, List<String> runtime, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("podman"));
    command.addAll(runtime);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CONTAINERS_CONF", conf.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "podman did not finish: " + output);
    return new Result(process.exitValue(), output);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
