package dev.ecsguardrail.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code .tf} files a plan was made from: the root module's folder and, below it, the folders
 * of local modules. Each folder is read once, when a resource in it is first asked for; a folder
 * that cannot be read gives nothing (the plan's own locations stay).
 */
public final class TerraformSources {

  private static final TerraformSources NONE = new TerraformSources(null);

  /** {@code null}: no sources. */
  private final Path root;

  private final Map<String, List<Written>> byFolder = new HashMap<>();

  /**
   * A resource block and the file it is written in.
   *
   * @param file the root as given, then the path below it, with {@code /} separators
   */
  record Written(String file, HclBlocks.Resource resource) {}

  private TerraformSources(Path root) {
    this.root = root;
  }

  /**
   * @param root the root module's folder, as it should be shown
   */
  public static TerraformSources at(Path root) {
    return new TerraformSources(root);
  }

  /** A plan read without its sources: findings point into the plan. */
  public static TerraformSources none() {
    return NONE;
  }

  /** Whether the folder holds {@code .tf} files. */
  public static boolean holdsSources(Path folder) {
    return !tfFiles(folder).isEmpty();
  }

  /**
   * @param folder relative to the root module's, as {@link TerraformConfiguration#directory} gives
   *     it
   */
  Optional<Written> resource(String folder, String type, String name) {
    if (root == null) {
      return Optional.empty();
    }
    return byFolder.computeIfAbsent(folder, this::read).stream()
        .filter(w -> w.resource().type().equals(type) && w.resource().name().equals(name))
        .findFirst();
  }

  private List<Written> read(String folder) {
    List<Written> written = new ArrayList<>();
    for (Path file : tfFiles(root.resolve(folder))) {
      String shown = file.normalize().toString().replace('\\', '/');
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        HclBlocks.resources(text).forEach(r -> written.add(new Written(shown, r)));
      } catch (IOException | UncheckedIOException e) {
        // unreadable: its resources keep the plan's locations
      }
    }
    return written;
  }

  private static List<Path> tfFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".tf") && Files.isRegularFile(f))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }
}
