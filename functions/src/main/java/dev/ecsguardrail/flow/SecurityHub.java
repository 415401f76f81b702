package dev.ecsguardrail.flow;

import dev.ecsguardrail.securityhub.HubFinding;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where findings live on (Security Hub CSPM in production). */
public interface SecurityHub {

  /**
   * The guardrail's active findings under this product: on these resources, or all of them when
   * {@code resourceIds} is {@code null}; every page.
   *
   * @throws UnavailableException when they cannot be read
   */
  List<HubFinding> activeFindings(String productArn, Collection<String> resourceIds);

  /**
   * Imports, in batches Security Hub takes, retrying what it refused.
   *
   * @return what it still refused, by finding id, with why; empty when it took everything
   * @throws UnavailableException when a batch could not be sent at all
   */
  Map<String, String> importFindings(List<HubFinding> findings);

  /** Security Hub could not be reached or refused the call (after the client's retries). */
  final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
