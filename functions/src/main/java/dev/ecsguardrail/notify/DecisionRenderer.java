package dev.ecsguardrail.notify;

import dev.ecsguardrail.policy.Decision;
import dev.ecsguardrail.policy.FailOn;
import java.util.List;
import java.util.function.Supplier;

/**
 * One output format of a decision ({@code check --format NAME}). Adding a format is one class and
 * one line in {@link #ALL}.
 */
public interface DecisionRenderer {

  /** The {@code --format} value. */
  String name();

  /**
   * @param notification the message the functions would send for this decision: the e-mail and chat
   *     formats print its bodies, so what {@code check} shows is what subscribers get
   * @param failOn what fails the check (a failed JUnit test case)
   */
  String render(Decision decision, Supplier<Notification> notification, FailOn failOn);

  /** Every format, the default first. */
  List<DecisionRenderer> ALL =
      List.of(
          renderer("json", (d, n, f) -> DecisionJson.toPrettyString(d, f)),
          renderer("text", (d, n, f) -> DecisionText.render(d, f)),
          renderer("email", (d, n, f) -> n.get().email()),
          renderer("chat", (d, n, f) -> ChatMessage.pretty(n.get().chat())),
          renderer("sarif", (d, n, f) -> SarifReport.render(d, f)),
          renderer("junit", JUnitReport::render),
          renderer("hook", (d, n, f) -> HookResponse.toPrettyString(d, f.severity())),
          renderer("asff", (d, n, f) -> AsffFindings.render(d)));

  private static DecisionRenderer renderer(String name, Render render) {
    return new DecisionRenderer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String render(Decision decision, Supplier<Notification> notification, FailOn failOn) {
        return render.apply(decision, notification, failOn);
      }
    };
  }

  /** One format's rendering. */
  @FunctionalInterface
  interface Render {
    String apply(Decision decision, Supplier<Notification> notification, FailOn failOn);
  }

  static DecisionRenderer named(String name) {
    return ALL.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no format " + name));
  }
}
