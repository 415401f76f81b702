package dev.ecsguardrail.handler;

/** The settings template.yaml gives each function. */
final class Environment {

  private Environment() {}

  /** A variable the function cannot work without: fails its initialisation, saying why. */
  static String required(String name, String otherwise) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: " + otherwise);
    }
    return value;
  }
}
