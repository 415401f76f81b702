package dev.ecsguardrail.rules;

/**
 * A rule's metadata, kept beside its logic (one constant per rule class).
 *
 * @param id stable and never reused, e.g. {@code SC002}; users cite, suppress and search it
 * @param title one line
 * @param rationale why it matters, for the README and the alert
 * @param remediation what to do by default (a finding may name something more specific)
 * @param link the documentation behind the rule
 */
public record RuleInfo(
    String id, String title, Severity severity, String rationale, String remediation, String link) {

  public Finding finding(String resource, String path, String message) {
    return new Finding(
        id, title, severity, resource, path, false, message, remediation, link, null, null, null);
  }
}
