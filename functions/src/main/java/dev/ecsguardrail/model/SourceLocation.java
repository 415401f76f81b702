package dev.ecsguardrail.model;

/**
 * Where something is written in an input file.
 *
 * @param file the path as given on the command line (relative to the working directory when it
 *     was), with {@code /} separators
 * @param line 1-based
 * @param column 1-based; 0 when not known. What places a value in a file of one line ({@code
 *     terraform show -json} writes the whole plan on one)
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation(String file, int line) {
    this(file, line, 0);
  }

  /** {@code 12}, or {@code 1:5230} when the column is known. */
  public String lineAndColumn() {
    return column > 0 ? line + ":" + column : String.valueOf(line);
  }
}
