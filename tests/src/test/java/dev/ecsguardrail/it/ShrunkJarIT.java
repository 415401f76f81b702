package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar is the shaded jar with the SDK and a few libraries shrunk by ProGuard
 * (functions/pom.xml). What shrinking cannot see must survive it: what is loaded by name or through
 * ServiceLoader, and the multi-release classes; every class kept whole must be the shaded jar's,
 * byte for byte, so only the shrunk packages carry ProGuard's stack maps; and every class must load
 * and verify as it does in the shaded jar.
 */
class ShrunkJarIT {

  private static final Path FULL = Project.ROOT.resolve("functions/target/functions-full.jar");
  private static final Pattern PRELOAD_WARNING =
      Pattern.compile("Preload Warning: (?:Verification failed for|Cannot find) (\\S+)");

  /** Shrunk by ProGuard; everything else is kept whole. */
  private static final List<String> SHRUNK =
      List.of(
          "software/amazon/awssdk/",
          "org/joda/",
          "com/fasterxml/jackson/datatype/joda/",
          "io/burt/",
          "com/amazonaws/services/lambda/runtime/events/",
          "org/apache/commons/",
          "org/javatuples/");

  /** Inside the shrunk packages, but kept whole: found by name or through ServiceLoader. */
  private static final List<String> WHOLE =
      List.of(
          "software/amazon/awssdk/http/urlconnection/",
          "software/amazon/awssdk/thirdparty/",
          "software/amazon/awssdk/http/auth/aws/eventstream/",
          "software/amazon/awssdk/utilslite/");

  @Test
  void everyServiceProviderAndInterceptorNamedInTheJar_isInTheJar() throws IOException {
    try (ZipFile jar = new ZipFile(Project.SHADED_JAR.toFile())) {
      List<String> named = new ArrayList<>();
      for (ZipEntry e : jar.stream().toList()) {
        String name = e.getName();
        if (name.startsWith("META-INF/services/") && !e.isDirectory()
            || name.endsWith("/execution.interceptors")) {
          classNames(read(jar, e)).forEach(named::add);
        }
      }
      assertTrue(named.size() > 10, "providers named: " + named);
      for (String className : named) {
        assertNotNull(jar.getEntry(classFile(className)), className + " is named but missing");
      }
    }
  }

  @Test
  void whatSdkCoreLoadsByName_survivesShrinking() throws IOException {
    try (ZipFile jar = new ZipFile(Project.SHADED_JAR.toFile())) {
      for (String className :
          List.of(
              "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory",
              "software.amazon.awssdk.services.sts.internal.StsProfileCredentialsProviderFactory",
              "software.amazon.awssdk.http.auth.aws.eventstream.HttpAuthAwsEventStream",
              "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService")) {
        assertNotNull(jar.getEntry(classFile(className)), className);
      }
      // The SDK's own warm-up providers would keep every operation; they are not shipped.
      assertEquals(
          null,
          jar.getEntry("META-INF/services/software.amazon.awssdk.core.warmup.SdkWarmUpProvider"));
      // Shrinking did remove what we never call.
      assertEquals(
          null,
          jar.getEntry("software/amazon/awssdk/services/ecs/model/ExecuteCommandResponse.class"));
      assertNotNull(
          jar.getEntry("software/amazon/awssdk/services/ecs/model/DescribeServicesResponse.class"));
    }
  }

  @Test
  void classesKeptWhole_areTheShadedJarsByteForByte_andMultiReleaseClassesAreKept()
      throws IOException {
    try (ZipFile shipped = new ZipFile(Project.SHADED_JAR.toFile());
        ZipFile full = new ZipFile(FULL.toFile())) {
      TreeSet<String> missing = new TreeSet<>();
      int compared = 0;
      for (ZipEntry e : full.stream().toList()) {
        String name = e.getName();
        boolean shrunk =
            SHRUNK.stream().anyMatch(name::startsWith)
                && WHOLE.stream().noneMatch(name::startsWith);
        if (e.isDirectory() || shrunk || name.contains("SdkWarmUpProvider")) {
          continue;
        }
        ZipEntry kept = shipped.getEntry(name);
        if (kept == null) {
          missing.add(name);
          continue;
        }
        assertArrayEquals(read(full, e), read(shipped, kept), name);
        compared++;
      }
      assertTrue(missing.isEmpty(), "kept whole but missing: " + missing);
      assertTrue(compared > 3000, compared + " entries compared");
      assertNotNull(
          shipped.getEntry("META-INF/versions/9/org/apache/logging/log4j/util/StackLocator.class"));
      assertFalse(
          shipped.stream().anyMatch(ZipEntry::isDirectory), "directory entries are left out");
    }
  }

  @Test
  void everyClass_loadsAndVerifiesAsInTheShadedJar(@TempDir Path dir) throws Exception {
    // A CDS dump loads, links and verifies every class it is given, and names each one that fails:
    // stack maps that ProGuard got wrong show here (they did, with only java.base as its library).
    // Some classes fail in the shaded jar too (CRT signers: CRT is not on the classpath).
    Path list = dir.resolve("classes.txt");
    try (ZipFile shipped = new ZipFile(Project.SHADED_JAR.toFile())) {
      Files.write(
          list,
          shipped.stream()
              .map(ZipEntry::getName)
              .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
              .map(n -> n.substring(0, n.length() - ".class".length()))
              .toList());
    }
    TreeSet<String> failingShipped = failingClasses(Project.SHADED_JAR, list, dir);
    TreeSet<String> failingFull = failingClasses(FULL, list, dir);
    assertFalse(failingFull.isEmpty(), "no CRT signer named: has the dump's log changed?");
    failingShipped.removeAll(failingFull);
    assertEquals(new TreeSet<String>(), failingShipped, "fail only in the shrunk jar");
  }

  /** The classes a CDS dump of {@code list} from {@code jar} could not load or verify. */
  private static TreeSet<String> failingClasses(Path jar, Path list, Path dir) throws Exception {
    Process dump =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + dir.resolve(jar.getFileName() + ".jsa"),
                "-Xlog:cds=warning",
                "-cp",
                jar.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, dump.waitFor(), log);
    TreeSet<String> failing = new TreeSet<>();
    Matcher m = PRELOAD_WARNING.matcher(log);
    while (m.find()) {
      failing.add(m.group(1).replace('.', '/'));
    }
    return failing;
  }

  private static List<String> classNames(byte[] listing) {
    return new String(listing, StandardCharsets.UTF_8)
        .lines()
        .map(l -> l.replaceFirst("#.*", "").strip())
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static String classFile(String className) {
    return className.replace('.', '/') + ".class";
  }

  private static byte[] read(ZipFile jar, ZipEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
