package dev.ecsguardrail.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The jars the benchmarks start their floors and probes from. */
final class BenchJars {

  private BenchJars() {}

  /**
   * Writes {@code jar}: the entries of {@code base} (its manifest too), or nothing when {@code
   * base} is {@code null}, and the class files of {@code types} with their nested and anonymous
   * classes (from the tests module's class directory).
   */
  static Path withClasses(Path jar, Path base, Class<?>... types) throws IOException {
    List<Path> classFiles = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (Class<?> type : types) {
      // The entry by the class's package, not by its directory: the types may come from the
      // module's two class directories (test-classes and classes).
      String pkg = type.getPackageName().replace('.', '/') + "/";
      for (Path f : classFiles(type)) {
        classFiles.add(f);
        added.add(pkg + f.getFileName());
      }
    }
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
          if (e.getName().equals(JarFile.MANIFEST_NAME) || added.contains(e.getName())) {
            continue;
          }
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream in = source.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
      for (int i = 0; i < added.size(); i++) {
        out.putNextEntry(new JarEntry(added.get(i)));
        Files.copy(classFiles.get(i), out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The class file of {@code type} and those of the classes nested in it, at any depth. */
  private static List<Path> classFiles(Class<?> type) throws IOException {
    Path file = classDirectory(type).resolve(type.getName().replace('.', '/') + ".class");
    String nested = type.getSimpleName() + "$";
    try (Stream<Path> siblings = Files.list(file.getParent())) {
      return Stream.concat(
              Stream.of(file),
              siblings.filter(p -> p.getFileName().toString().startsWith(nested)).sorted())
          .toList();
    }
  }

  private static Path classDirectory(Class<?> type) {
    try {
      Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(location)) {
        throw new IllegalStateException(type + " is not in a class directory: " + location);
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
