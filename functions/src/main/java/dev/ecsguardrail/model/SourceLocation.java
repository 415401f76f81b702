package dev.ecsguardrail.model;

/**
 * Where something is written in an input file.
 *
 * @param file the path as given on the command line (relative to the working directory when it
 *     was), with {@code /} separators
 * @param line 1-based
 */
public record SourceLocation(String file, int line) {}
