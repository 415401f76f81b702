import java.io.File;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** check's options parsed by picocli 4.7.7: what bench/cli-parser times against HandParsedCheck. */
@Command(name = "check", mixinStandardHelpOptions = true, version = "probe")
public final class PicocliCheck implements Callable<Integer> {
  @Option(names = "--event") File event;
  @Option(names = "--service") File service;
  @Option(names = "--task-definition") List<File> taskDefinitions;
  @Option(names = "--inventory") File inventory;
  @Option(names = "--region") String region;
  @Option(names = "--format") String format = "json";
  @Option(names = "--policy") File policy;
  @Option(names = "--fail-on") String failOn = "MEDIUM";

  @Override
  public Integer call() {
    System.out.println(event + " " + taskDefinitions.size() + " " + format);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PicocliCheck()).execute(args));
  }
}
