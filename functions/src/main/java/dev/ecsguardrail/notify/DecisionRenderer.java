package dev.ecsguardrail.notify;

import dev.ecsguardrail.policy.Decision;
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
   */
  String render(Decision decision, Supplier<Notification> notification);

  /** Every format, the default first. */
  List<DecisionRenderer> ALL =
      List.of(
          renderer("json", (d, n) -> DecisionJson.toPrettyString(d)),
          renderer("text", (d, n) -> DecisionText.render(d)),
          renderer("email", (d, n) -> n.get().email()),
          renderer("chat", (d, n) -> ChatMessage.pretty(n.get().chat())));

  private static DecisionRenderer renderer(
      String name, java.util.function.BiFunction<Decision, Supplier<Notification>, String> render) {
    return new DecisionRenderer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String render(Decision decision, Supplier<Notification> notification) {
        return render.apply(decision, notification);
      }
    };
  }

  static DecisionRenderer named(String name) {
    return ALL.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no format " + name));
  }
}
