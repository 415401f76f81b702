package dev.ecsguardrail.cli;

import dev.ecsguardrail.input.CloudFormationReader;
import dev.ecsguardrail.input.InputKind;
import dev.ecsguardrail.input.ParameterValues;
import dev.ecsguardrail.input.TerraformPlanReader;
import dev.ecsguardrail.input.TerraformSources;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.model.PlannedInput;
import dev.ecsguardrail.model.ResourceReport;
import dev.ecsguardrail.model.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans and templates {@code check} was given, read by the reader of their format: by flag, or
 * told by content for a bare path. A file that cannot be read is kept, with why, never dropped.
 */
record PreDeployFiles(List<PlannedInput> inputs, List<ResourceReport> unreadable) {

  /**
   * A file to read.
   *
   * @param kind {@code null}: tell by content
   */
  record Given(Path path, InputKind kind) {

    boolean isEvent(InputFiles files) {
      return kind == null && InputKind.of(files.read(path)) == InputKind.EVENT;
    }
  }

  static List<Given> given(Arguments args) {
    List<Given> given = new ArrayList<>();
    args.all("--terraform-plan")
        .forEach(f -> given.add(new Given(Path.of(f), InputKind.TERRAFORM_PLAN)));
    args.all("--template").forEach(f -> given.add(new Given(Path.of(f), InputKind.TEMPLATE)));
    args.paths().forEach(f -> given.add(new Given(Path.of(f), null)));
    return given;
  }

  static Map<String, String> parameters(Arguments args) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : args.all("--parameter")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new Main.UsageException("--parameter is KEY=VALUE, not '" + pair + "'");
      }
      parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return parameters;
  }

  /** {@code --terraform-dir}, which must be a folder. */
  static Optional<Path> terraformDir(Arguments args) {
    Optional<Path> dir = args.path("--terraform-dir");
    if (dir.isPresent() && !Files.isDirectory(dir.get())) {
      throw new Main.UsageException("--terraform-dir " + dir.get() + " is not a folder");
    }
    return dir;
  }

  /**
   * @param terraformDir {@code --terraform-dir}: the plans' sources; else each plan's folder when
   *     it holds {@code .tf} files
   * @param previous {@code --previous-template}: the template the stack was deployed from, to tell
   *     an update that replaces a service; for one template only
   * @param region {@code AWS::Region} of the templates
   * @param account {@code AWS::AccountId} of the templates; {@code null} when not given
   */
  static PreDeployFiles read(
      InputFiles reader,
      List<Given> files,
      Map<String, String> parameters,
      Optional<Path> previous,
      String region,
      String account,
      Optional<Path> terraformDir) {
    byte[] earlier = previous.map(reader::read).orElse(null);
    String earlierName = previous.map(InputFiles::display).orElse(null);
    int templates = 0;
    ParameterValues given = new ParameterValues(parameters);
    List<PlannedInput> inputs = new ArrayList<>();
    List<ResourceReport> unreadable = new ArrayList<>();
    for (Given file : files) {
      String name = InputFiles.display(file.path());
      try {
        byte[] bytes = reader.read(file.path());
        InputKind kind = file.kind() == null ? InputKind.of(bytes) : file.kind();
        inputs.add(
            switch (kind) {
              case TERRAFORM_PLAN ->
                  TerraformPlanReader.read(bytes, name, sources(file.path(), terraformDir));
              case TEMPLATE -> {
                if (earlier != null && ++templates > 1) {
                  throw new Main.UsageException(
                      "--previous-template goes with one template, not several");
                }
                yield CloudFormationReader.read(
                    bytes, name, given, earlier, earlierName, region, account);
              }
              case EVENT ->
                  throw new MalformedEventException(
                      name
                          + ": an EventBridge event or hook request; check it on its own (check"
                          + " --event "
                          + name
                          + ")");
              case UNKNOWN ->
                  throw new MalformedEventException(
                      new String(bytes, StandardCharsets.UTF_8).isBlank()
                          ? name + ": empty"
                          : name
                              + ": neither a Terraform plan (terraform show -json), a CloudFormation template nor an"
                              + " event; name it with --terraform-plan or --template");
            });
      } catch (MalformedEventException e) {
        unreadable.add(
            ResourceReport.skipped(name, "file", new SourceLocation(name, 1), e.getMessage()));
      }
    }
    // A parameter applies to the templates that declare it: one none declares is a mistake.
    if (!given.undeclared().isEmpty()) {
      String key = given.undeclared().getFirst();
      throw new Main.UsageException(
          "--parameter "
              + key
              + ": no template declares it"
              + given.declared().stream()
                  .filter(d -> Arguments.distance(d, key) <= 2)
                  .min(Comparator.comparingInt(d -> Arguments.distance(d, key)))
                  .map(d -> " (did you mean " + d + "?)")
                  .orElse(""));
    }
    return new PreDeployFiles(inputs, unreadable);
  }

  private static TerraformSources sources(Path plan, Optional<Path> terraformDir) {
    Path folder =
        terraformDir.orElseGet(() -> plan.getParent() == null ? Path.of("") : plan.getParent());
    return terraformDir.isPresent() || TerraformSources.holdsSources(folder)
        ? TerraformSources.at(Path.of(InputFiles.display(folder)))
        : TerraformSources.none();
  }
}
