import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The same options read as dev.ecsguardrail.cli.Arguments reads them (a map, a known set). */
public final class HandParsedCheck {
  private static final Set<String> OPTIONS =
      Set.of("--event", "--service", "--task-definition", "--inventory", "--region", "--format",
          "--policy", "--fail-on");

  public static void main(String[] args) {
    Map<String, List<String>> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
        System.err.println("unknown option " + args[i]);
        System.exit(2);
      }
      values.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
    }
    System.out.println(values.get("--event").getFirst() + " " + values.get("--task-definition").size()
        + " " + values.getOrDefault("--format", List.of("json")).getFirst());
  }
}
