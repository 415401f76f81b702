package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's archive ({@code mvn package}, cli/build-distribution) as a user installs it:
 * unpacked with tar into an empty folder, then run with no Java on the PATH and no JAVA_HOME. Every
 * process here starts from an empty environment holding only PATH and HOME (and what a test adds):
 * PATH is a folder with a link to readlink, the one program the launcher runs besides the shell,
 * since /usr/bin may hold a java (a Java 17 on the build machines). The launcher runs from its own
 * folder and through symlinks, as a PATH lookup finds it.
 */
class DistributionIT {

  private static final Path TEMPLATE =
      Project.EVENTS.resolve("cloudformation/service-no-app-protocol.yaml");

  @TempDir static Path dir;

  private static Distribution distribution;
  private static Path installed;
  private static Path launcher;
  private static Path tools;
  private static Path home;

  @BeforeAll
  static void unpack() throws IOException, InterruptedException {
    distribution = Distribution.built();
    installed = distribution.unpackInto(Files.createDirectories(dir.resolve("install")));
    launcher = installed.resolve("bin/ecs-guardrail");
    tools = Files.createDirectories(dir.resolve("tools"));
    Path readlink =
        Stream.of(Path.of("/usr/bin/readlink"), Path.of("/bin/readlink"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow();
    Files.createSymbolicLink(tools.resolve("readlink"), readlink);
    home = Files.createDirectories(dir.resolve("home"));
  }

  @Test
  void archive_holdsOneFolder_withTheLauncherTheJarTheCacheAndTheRuntime() throws IOException {
    try (Stream<Path> top = Files.list(dir.resolve("install"))) {
      assertEquals(List.of(installed), top.toList());
    }
    assertTrue(Files.isExecutable(launcher), launcher.toString());
    for (String file :
        List.of(
            "lib/ecs-guardrail.jar", "lib/ecs-guardrail.aot", "runtime/bin/java", "README.txt")) {
      assertTrue(Files.isRegularFile(installed.resolve(file)), file);
    }
  }

  @Test
  void thePathTheseRunsGet_findsNoJava() throws Exception {
    Run lookup = run(Map.of(), "/bin/sh", "-c", "command -v java");

    assertTrue(lookup.exit() != 0 && lookup.stdout().isEmpty(), lookup.toString());
  }

  @Test
  void version_isTheArchives() throws Exception {
    Run version = run(Map.of(), launcher.toString(), "--version");

    assertEquals(0, version.exit(), version.toString());
    assertEquals("ecs-guardrail " + distribution.version() + "\n", version.stdout());
    assertEquals("", version.stderr());
  }

  @Test
  void checkOfATemplate_exits1WithSc002() throws Exception {
    assertSc002(run(Map.of(), launcher.toString(), "check", TEMPLATE.toString()));
  }

  /**
   * Installed as a link on the PATH, found by the shell's lookup: a relative link to an absolute
   * one, so the launcher follows both kinds back to its folder.
   */
  @Test
  void throughSymlinksOnThePath_theLauncherFindsItsFolder() throws Exception {
    Path links = Files.createDirectories(dir.resolve("links"));
    Path chain = Files.createDirectories(dir.resolve("chain"));
    Files.createSymbolicLink(chain.resolve("guardrail"), launcher);
    Files.createSymbolicLink(links.resolve("ecs-guardrail"), Path.of("../chain/guardrail"));

    Run check =
        run(
            Map.of("PATH", tools + ":" + links),
            "/bin/sh",
            "-c",
            "ecs-guardrail check \"$0\"",
            TEMPLATE.toString());

    assertSc002(check);
  }

  /**
   * The pre-commit hook (.pre-commit-hooks.yaml, language: system) as pre-commit runs it: its
   * entry, found on the PATH, with the files its pattern takes (Python's re, which this pattern
   * reads as Java's does): templates and plans, not other JSON or YAML.
   */
  @Test
  void thePreCommitHook_checksTheTemplatesAndPlansItsPatternTakes() throws Exception {
    JsonNode hook =
        new ObjectMapper(new YAMLFactory())
            .readTree(Project.ROOT.resolve(".pre-commit-hooks.yaml").toFile())
            .get(0);
    assertEquals("system", hook.get("language").asText());
    Pattern files = Pattern.compile(hook.get("files").asText());
    for (String taken :
        List.of("template.yaml", "infra/plan.json", "cdk.out/ShopStack.template.json")) {
      assertTrue(files.matcher(taken).find(), taken);
    }
    for (String left : List.of("package.json", "tsconfig.json", ".github/workflows/ci.yml")) {
      assertFalse(files.matcher(left).find(), left);
    }
    Path links = Files.createDirectories(dir.resolve("pre-commit-path"));
    Files.createSymbolicLink(links.resolve("ecs-guardrail"), launcher);
    Path repository = Files.createDirectories(dir.resolve("repository"));
    Files.copy(TEMPLATE, repository.resolve("template.yaml"));

    Run commit =
        run(
            Map.of("PATH", tools + ":" + links),
            "/bin/sh",
            "-c",
            "cd \"$0\" && " + hook.get("entry").asText() + " template.yaml",
            repository.toString());

    assertEquals(1, commit.exit(), commit.toString());
    assertTrue(commit.stdout().contains("SC002"), commit.toString());
  }

  @Test
  void scanHelp_printsItsUsage() throws Exception {
    Run help = run(Map.of(), launcher.toString(), "scan", "--help");

    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.stdout().startsWith("usage: ecs-guardrail scan "), help.toString());
  }

  /**
   * An event whose task definition must be read from ECS: the SDK's client, credentials, signing
   * and HTTP client on the linked runtime, against a closed port. A module missing from the runtime
   * would fail with a NoClassDefFoundError instead of the connection refused.
   */
  @Test
  void checkOfAnEvent_readingEcsFromAnUnreachableEndpoint_failsInOneLine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> aws =
        Map.of(
            "AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort,
            "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "testing",
            "AWS_SECRET_ACCESS_KEY", "testing");

    Run check =
        run(
            aws,
            launcher.toString(),
            "check",
            "--event",
            Project.EVENTS.resolve("create-service-sc-no-app-protocol.json").toString());

    assertEquals(2, check.exit(), check.toString());
    assertEquals("", check.stdout(), check.toString());
    assertTrue(
        check
            .stderr()
            .matches("ecs-guardrail: SdkClientException: Unable to execute HTTP request: .*\n"),
        check.toString());
  }

  /** -XX:AOTMode=on: the JVM refuses to start unless it can use the cache the launcher names. */
  @Test
  void theAotCache_isUsableByTheBundledRuntime_whereverItIsUnpacked() throws Exception {
    Run check =
        run(
            Map.of("JDK_JAVA_OPTIONS", "-XX:AOTMode=on"),
            launcher.toString(),
            "check",
            TEMPLATE.toString());

    assertEquals(1, check.exit(), check.toString());
  }

  /**
   * Exactly the modules the build asked jlink for (cli/target/runtime-modules.txt, jdeps' list) and
   * those they require, as this JDK resolves them: nothing bound as a service, nothing else.
   */
  @Test
  void runtimeModules_areWhatTheBuildAskedFor_andWhatThoseRequire() throws IOException {
    Set<String> asked = Set.of(Files.readString(Distribution.RUNTIME_MODULES).strip().split(","));
    Set<String> required =
        Configuration.empty()
            .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), asked)
            .modules()
            .stream()
            .map(ResolvedModule::name)
            .collect(Collectors.toCollection(TreeSet::new));
    String release = Files.readString(installed.resolve("runtime/release"));
    Matcher modules = Pattern.compile("(?m)^MODULES=\"([^\"]*)\"$").matcher(release);
    assertTrue(modules.find(), release);

    assertEquals(required, new TreeSet<>(List.of(modules.group(1).split(" "))));
  }

  /** The archive starts the jar as bin/ecs-guardrail does in a source checkout. */
  @Test
  void launcherFlags_areBinEcsGuardrails() throws IOException {
    assertEquals(CliFlags.ofSourceCheckout(), CliFlags.ofLauncher(launcher));
  }

  /** The release asset beside the archive: what {@code sha256sum -c} reads. */
  @Test
  void sha256File_namesTheArchive_withItsDigest() throws Exception {
    Path archive = distribution.archive();
    String digest =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));

    assertEquals(
        digest + "  " + archive.getFileName() + "\n",
        Files.readString(archive.resolveSibling(archive.getFileName() + ".sha256")));
  }

  private static void assertSc002(Run check) {
    assertEquals(1, check.exit(), check.toString());
    assertEquals("", check.stderr(), check.toString());
    JsonNode json = StrictJson.parse(check.stdout().getBytes(StandardCharsets.UTF_8), "stdout");
    assertEquals(
        List.of("SC002"),
        StreamSupport.stream(json.get("findings").spliterator(), false)
            .map(f -> f.get("ruleId").asText())
            .toList(),
        check.toString());
  }

  private record Run(List<String> command, int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return String.join(" ", command)
          + " -> exit "
          + exit
          + "\n--- stdout\n"
          + stdout
          + "--- stderr\n"
          + stderr;
    }
  }

  /**
   * Runs {@code command} from the temp folder, its environment only PATH (the tools folder), HOME
   * (an empty folder: no ~/.aws) and {@code environment}, which may replace PATH.
   */
  private static Run run(Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", tools.toString());
    env.put("HOME", home.toString());
    env.putAll(environment);
    Path stdout = Files.createTempFile(dir, "stdout", ".txt");
    Path stderr = Files.createTempFile(dir, "stderr", ".txt");
    Process process =
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + ": no exit in 60 s");
    }
    return new Run(
        List.of(command), process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
