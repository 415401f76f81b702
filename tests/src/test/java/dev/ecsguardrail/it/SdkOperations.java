package dev.ecsguardrail.it;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ecsguardrail.aws.AwsOperation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The AWS operations a Lambda handler's code can call, found statically with ArchUnit: from the
 * handler class, every method, constructor, method reference and static initializer it can reach
 * inside {@code dev.ecsguardrail..}, and in them every call to a method of an SDK client interface
 * ({@code software.amazon.awssdk.services.<service>.<Name>Client}), named as its IAM action ({@code
 * EcsClient.describeServicesPaginator} is {@code ecs:DescribeServices}), and every reachable method
 * marked {@code @AwsOperation} (a signed REST call without an SDK client) as the action it names.
 *
 * <p>Virtual calls are resolved by rapid type analysis: a call on an interface or a class reaches
 * the overriding methods of the {@code dev.ecsguardrail} classes the handler's code instantiates
 * (not of every implementation on the classpath: the test doubles, the CLI's and the other
 * functions' classes stay out). A method of an instantiated class that overrides a method of a type
 * outside the project ({@code Supplier.get}, {@code Resource.beforeCheckpoint}, {@code toString})
 * counts as reachable, since the JDK or a library may call it. Lambda bodies count as part of the
 * method that declares them (ArchUnit attributes their accesses to it). The analysis
 * over-approximates: a branch the code never takes at run time still counts.
 */
final class SdkOperations {

  private static final String PROJECT = "dev.ecsguardrail.";
  private static final String SDK_SERVICES = "software.amazon.awssdk.services.";

  /** SDK service packages and the IAM prefixes of their actions. */
  static final Map<String, String> IAM_PREFIX =
      Map.of(
          "ecs", "ecs",
          "servicediscovery", "servicediscovery",
          "sns", "sns",
          "dynamodb", "dynamodb",
          "cloudwatch", "cloudwatch",
          "secretsmanager", "secretsmanager",
          "securityhub", "securityhub",
          "sts", "sts",
          "s3", "s3");

  /**
   * Client methods that are no AWS operation: they build nothing remote (a waiter or the utilities
   * would call operations of their own, and are refused below so that they cannot pass unseen).
   */
  private static final Set<String> NOT_OPERATIONS =
      Set.of(
          "builder",
          "create",
          "close",
          "serviceName",
          "serviceMetadata",
          "serviceClientConfiguration");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ecsguardrail");

  private final Set<String> excluded;

  /**
   * @param excluded classes whose code is not followed, each for a reason the caller documents
   */
  SdkOperations(Set<Class<?>> excluded) {
    this.excluded = new HashSet<>();
    excluded.forEach(c -> this.excluded.add(c.getName()));
  }

  /**
   * The IAM actions of the SDK operations reachable from the handler, each with one code unit that
   * calls it (for the failure messages).
   */
  Map<String, String> of(Class<?> handler) {
    return new Run().from(CLASSES.get(handler));
  }

  /** The IAM action of a call to an SDK client method, or empty when the target is no client. */
  static Optional<String> action(AccessTarget access) {
    if (!(access instanceof AccessTarget.CodeUnitAccessTarget target)) {
      return Optional.empty();
    }
    JavaClass owner = target.getOwner();
    String name = owner.getName();
    if (!name.startsWith(SDK_SERVICES) || !owner.getSimpleName().endsWith("Client")) {
      return Optional.empty();
    }
    String service = name.substring(SDK_SERVICES.length(), name.lastIndexOf('.'));
    if (service.contains(".")) {
      return Optional.empty(); // a model or paginator class, not the client
    }
    String method = target.getName();
    if (NOT_OPERATIONS.contains(method)) {
      return Optional.empty();
    }
    String prefix = IAM_PREFIX.get(service);
    if (prefix == null) {
      throw new IllegalStateException(
          "SDK service package '" + service + "' has no IAM prefix in IAM_PREFIX: " + target);
    }
    String returned = target.getRawReturnType().getSimpleName();
    String operation;
    if (method.endsWith("Paginator") && returned.endsWith("Iterable")) {
      operation = method.substring(0, method.length() - "Paginator".length());
    } else if (method.endsWith("AsBytes") && returned.equals("ResponseBytes")) {
      operation = method.substring(0, method.length() - "AsBytes".length()); // getObjectAsBytes
    } else if (returned.endsWith("Response")) {
      operation = method;
    } else {
      throw new IllegalStateException(
          "cannot tell which AWS operation " + target + " calls (returns " + returned + ")");
    }
    String named =
        prefix + ":" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
    return Optional.of(IAM_NAMES.getOrDefault(named, named));
  }

  /**
   * Operations whose IAM action has another name (Service Authorization Reference, Amazon S3:
   * ListObjectsV2 is authorized as s3:ListBucket).
   */
  private static final Map<String, String> IAM_NAMES = Map.of("s3:ListObjectsV2", "s3:ListBucket");

  /** One traversal: what is reachable, and which classes are instantiated. */
  private final class Run {
    private final Set<JavaCodeUnit> reached = new HashSet<>();
    private final Deque<JavaCodeUnit> work = new ArrayDeque<>();
    private final Set<JavaClass> instantiated = new HashSet<>();
    private final Map<String, AccessTarget.CodeUnitAccessTarget> virtualCalls =
        new LinkedHashMap<>();
    private final Map<String, String> actions = new TreeMap<>();

    Map<String, String> from(JavaClass handler) {
      instantiate(handler);
      handler.getCodeUnits().forEach(this::reach);
      handler.getStaticInitializer().ifPresent(this::reach);
      int resolved = -1;
      while (!work.isEmpty() || resolved != instantiated.size() + reached.size()) {
        while (!work.isEmpty()) {
          visit(work.pop());
        }
        resolved = instantiated.size() + reached.size();
        // Classes instantiated since a virtual call was seen may override its target.
        for (AccessTarget.CodeUnitAccessTarget call : List.copyOf(virtualCalls.values())) {
          dispatch(call);
        }
      }
      return actions;
    }

    private void visit(JavaCodeUnit unit) {
      // A signed REST call without an SDK client says which action it is.
      unit.tryGetAnnotationOfType(AwsOperation.class.getName())
          .ifPresent(
              a ->
                  actions.putIfAbsent(
                      String.valueOf(a.get("value").orElseThrow()), unit.getFullName()));
      List<JavaAccess<?>> accesses = new ArrayList<>();
      accesses.addAll(unit.getMethodCallsFromSelf());
      accesses.addAll(unit.getConstructorCallsFromSelf());
      accesses.addAll(unit.getMethodReferencesFromSelf());
      accesses.addAll(unit.getConstructorReferencesFromSelf());
      for (JavaAccess<?> access : accesses) {
        if (!(access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target)) {
          continue;
        }
        Optional<String> action = action(target);
        if (action.isPresent()) {
          actions.putIfAbsent(action.get(), unit.getFullName());
          continue;
        }
        JavaClass owner = target.getOwner();
        if (!inProject(owner)) {
          // A call on a type outside the project (Supplier.get, Runnable.run, List.forEach) may
          // land in an instantiated project class that implements it.
          virtual(target);
          continue;
        }
        if (target instanceof AccessTarget.ConstructorCallTarget
            || target instanceof AccessTarget.ConstructorReferenceTarget) {
          instantiate(owner);
        }
        owner.getStaticInitializer().ifPresent(this::reach);
        target.resolveMember().ifPresent(this::reach);
        virtual(target);
      }
      // Reading a static field (Production.GUARD) runs the class's static initializer.
      unit.getFieldAccesses().stream()
          .map(a -> a.getTarget().getOwner())
          .filter(SdkOperations::inProject)
          .forEach(c -> c.getStaticInitializer().ifPresent(this::reach));
    }

    /** A call that may be dispatched to an override: not to a static or private method. */
    private void virtual(AccessTarget.CodeUnitAccessTarget target) {
      if (!(target instanceof AccessTarget.MethodCallTarget
          || target instanceof AccessTarget.MethodReferenceTarget)) {
        return;
      }
      Optional<? extends JavaCodeUnit> resolved = target.resolveMember();
      if (resolved.isPresent()
          && (resolved.get().getModifiers().contains(JavaModifier.STATIC)
              || resolved.get().getModifiers().contains(JavaModifier.PRIVATE))) {
        return;
      }
      virtualCalls.putIfAbsent(target.getFullName(), target);
      dispatch(target);
    }

    /** The overriding methods of instantiated classes that a virtual call may land in. */
    private void dispatch(AccessTarget.CodeUnitAccessTarget call) {
      if (!(call instanceof AccessTarget.MethodCallTarget
          || call instanceof AccessTarget.MethodReferenceTarget)) {
        return;
      }
      String ownerName = call.getOwner().getName();
      for (JavaClass c : List.copyOf(instantiated)) {
        if (c.isAssignableTo(ownerName)) {
          implementation(c, call).forEach(this::reach);
        }
      }
    }

    private void instantiate(JavaClass c) {
      if (!instantiated.add(c)) {
        return;
      }
      c.getStaticInitializer().ifPresent(this::reach);
      // What the JDK or a library may call on it: overrides of methods of outside types.
      Set<String> outside = new HashSet<>();
      Stream.concat(c.getAllRawInterfaces().stream(), c.getAllRawSuperclasses().stream())
          .filter(t -> !inProject(t))
          .forEach(t -> t.getMethods().forEach(m -> outside.add(signature(m))));
      outside.add("toString/0");
      outside.add("equals/1");
      outside.add("hashCode/0");
      c.getMethods().stream().filter(m -> outside.contains(signature(m))).forEach(this::reach);
    }

    private void reach(JavaCodeUnit unit) {
      if (excluded.contains(unit.getOwner().getName()) || !inProject(unit.getOwner())) {
        return;
      }
      if (reached.add(unit)) {
        work.push(unit);
      }
    }
  }

  /**
   * The methods a call lands in for an object of class {@code c}: its own or the nearest
   * superclass's, or an interface's default method. Matched by name and parameter types; by name
   * and arity when none matches so (a generic interface's method is implemented with other
   * parameter types, through a bridge).
   */
  private static List<JavaMethod> implementation(
      JavaClass c, AccessTarget.CodeUnitAccessTarget call) {
    List<String> types = call.getRawParameterTypes().stream().map(JavaClass::getName).toList();
    List<JavaMethod> exact = implementation(c, call.getName(), m -> names(m).equals(types));
    return exact.isEmpty()
        ? implementation(c, call.getName(), m -> names(m).size() == types.size())
        : exact;
  }

  private static List<JavaMethod> implementation(
      JavaClass c, String name, Predicate<JavaMethod> parameters) {
    Predicate<JavaMethod> matches =
        m ->
            m.getName().equals(name)
                && parameters.test(m)
                && !m.getModifiers().contains(JavaModifier.ABSTRACT)
                && !m.getModifiers().contains(JavaModifier.STATIC);
    for (JavaClass k = c; k != null && inProject(k); k = k.getRawSuperclass().orElse(null)) {
      List<JavaMethod> declared = k.getMethods().stream().filter(matches).toList();
      if (!declared.isEmpty()) {
        return declared;
      }
    }
    return c.getAllRawInterfaces().stream()
        .filter(SdkOperations::inProject)
        .flatMap(i -> i.getMethods().stream())
        .filter(matches)
        .toList();
  }

  private static List<String> names(JavaMethod m) {
    return m.getRawParameterTypes().stream().map(JavaClass::getName).toList();
  }

  private static String signature(JavaMethod m) {
    return m.getName() + "/" + m.getRawParameterTypes().size();
  }

  private static boolean inProject(JavaClass c) {
    return c.getName().startsWith(PROJECT);
  }

  /** Every handler class the analysis can be asked about, by name (for the messages). */
  static Map<String, JavaClass> handlers() {
    Map<String, JavaClass> handlers = new LinkedHashMap<>();
    CLASSES.stream()
        .filter(c -> c.isAssignableTo("com.amazonaws.services.lambda.runtime.RequestStreamHandler"))
        .forEach(c -> handlers.put(c.getName(), c));
    return handlers;
  }
}
