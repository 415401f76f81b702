package dev.ecsguardrail.cli;

import dev.ecsguardrail.json.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files a command reads, each by its path or {@code -} for standard input (read once, then
 * kept: {@code check -} looks at its content to tell its kind, then reads it). Every failure is one
 * line naming the file once.
 */
final class InputFiles {

  static final String STANDARD_INPUT = "-";

  private final InputStream in;
  private byte[] standardInput;

  InputFiles(InputStream in) {
    this.in = in;
  }

  /**
   * @throws MalformedEventException "cannot read NAME: why", in words
   */
  byte[] read(Path file) {
    String name = display(file);
    try {
      if (file.toString().equals(STANDARD_INPUT)) {
        if (standardInput == null) {
          standardInput = in.readAllBytes();
        }
        return standardInput;
      }
      if (Files.isDirectory(file)) {
        throw new MalformedEventException(
            "cannot read " + name + ": a folder; give the files in it");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MalformedEventException("cannot read " + name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new MalformedEventException("cannot read " + name + ": permission denied");
    } catch (IOException e) {
      throw new MalformedEventException(
          "cannot read "
              + name
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  String readString(Path file) {
    return new String(read(file), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * As given; relative to the working directory when it is under it (SARIF's artifact URIs); the
   * working directory itself is {@code .}; standard input is {@code stdin}.
   */
  static String display(Path file) {
    if (file.toString().equals(STANDARD_INPUT)) {
      return "stdin";
    }
    Path shown = file;
    if (file.isAbsolute()) {
      Path cwd = Path.of("").toAbsolutePath();
      if (file.normalize().startsWith(cwd)) {
        shown = cwd.relativize(file.normalize());
      }
    }
    String name = shown.toString().replace('\\', '/');
    return name.isEmpty() ? "." : name;
  }
}
