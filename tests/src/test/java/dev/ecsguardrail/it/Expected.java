package dev.ecsguardrail.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What each sample event must produce when evaluated with the seeded {@link Fleet} as context: the
 * rule ids, most severe first. One table for the integration and end-to-end tests.
 */
final class Expected {

  static final Map<String, List<String>> RULE_IDS =
      Map.ofEntries(
          Map.entry("create-service-access-denied.json", List.of()),
          Map.entry("create-service-app-mesh.json", List.of("SC008")),
          Map.entry("create-service-cloud-map-scaled.json", List.of("SC010")),
          Map.entry("create-service-codedeploy-rejected.json", List.of("SC001")),
          Map.entry("create-service-host-network.json", List.of("SC009", "SC011")),
          Map.entry("create-service-namespace-other-region.json", List.of("SC007")),
          Map.entry("create-service-no-service-connect.json", List.of()),
          Map.entry("create-service-port-name-mismatch.json", List.of("SC003")),
          // staging has Container Insights off: SC005 needs the cluster's settings (one read).
          Map.entry("create-service-sc-grpc-no-headroom.json", List.of("SC004", "SC005", "SC011")),
          Map.entry("create-service-sc-http-clean.json", List.of()),
          Map.entry("create-service-sc-no-app-protocol.json", List.of("SC002")),
          Map.entry("create-service-sc-tls.json", List.of("SC012")),
          Map.entry("create-service-windows-rejected.json", List.of("SC006")),
          Map.entry("malformed-no-detail.json", List.of("EV001")),
          Map.entry("malformed-wrong-types.json", List.of("EV001")),
          Map.entry("truncated-response.json", List.of("EV001")),
          Map.entry("update-service-codedeploy-rejected.json", List.of("SC001")),
          Map.entry("update-service-desired-count-only.json", List.of()),
          Map.entry("update-service-enable-sc-no-app-protocol.json", List.of("SC002")),
          Map.entry("update-service-force-new-deployment.json", List.of()),
          Map.entry("update-service-task-definition.json", List.of("SC004", "SC005", "SC011")));

  private Expected() {}

  static List<String> ruleIds(Path event) {
    List<String> ids = RULE_IDS.get(event.getFileName().toString());
    if (ids == null) {
      throw new AssertionError(event.getFileName() + " has no expectation in Expected.RULE_IDS");
    }
    return ids;
  }
}
