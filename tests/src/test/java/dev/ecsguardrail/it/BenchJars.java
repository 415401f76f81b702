package dev.ecsguardrail.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The jars the benchmarks start their floors from. */
final class BenchJars {

  private BenchJars() {}

  /**
   * Writes {@code jar}: the entries of {@code base} (its manifest too), or nothing when {@code
   * base} is {@code null}, and the class file of {@code type} (which must not need nested or other
   * classes of the tests module).
   */
  static Path withClass(Path jar, Path base, Class<?> type) throws IOException {
    String entry = type.getName().replace('.', '/') + ".class";
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarFile source = base == null ? null : new JarFile(base.toFile());
        OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out =
            new JarOutputStream(
                file,
                source == null || source.getManifest() == null ? manifest : source.getManifest())) {
      if (source != null) {
        for (Enumeration<JarEntry> entries = source.entries(); entries.hasMoreElements(); ) {
          JarEntry e = entries.nextElement();
          if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals(entry)) {
            continue;
          }
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream in = source.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
      try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
        if (in == null) {
          throw new IllegalStateException("no " + entry + " on the classpath");
        }
        out.putNextEntry(new JarEntry(entry));
        in.transferTo(out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
