package dev.ecsguardrail.aws;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;

/**
 * The Cloud Map deletes of {@code cleanup}. Deregistering an instance and deleting a namespace are
 * asynchronous operations: each is waited for, so a service is deleted only once it is empty and a
 * failure is reported rather than left half done.
 */
public final class CloudMapCleaner {

  private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5);

  private final ServiceDiscoveryClient cloudMap;

  public CloudMapCleaner(ServiceDiscoveryClient cloudMap) {
    this.cloudMap = cloudMap;
  }

  public void deregisterInstance(String serviceId, String instanceId) {
    await(
        cloudMap
            .deregisterInstance(r -> r.serviceId(serviceId).instanceId(instanceId))
            .operationId());
  }

  public void deleteService(String serviceId) {
    cloudMap.deleteService(r -> r.id(serviceId));
  }

  public void deleteNamespace(String namespaceId) {
    await(cloudMap.deleteNamespace(r -> r.id(namespaceId)).operationId());
  }

  private void await(String operationId) {
    Instant deadline = Instant.now().plus(OPERATION_TIMEOUT);
    while (true) {
      var op = cloudMap.getOperation(r -> r.operationId(operationId)).operation();
      if (op.status() == OperationStatus.SUCCESS) {
        return;
      }
      if (op.status() == OperationStatus.FAIL) {
        throw new IllegalStateException(
            "Cloud Map operation " + operationId + " failed: " + op.errorMessage());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "Cloud Map operation "
                + operationId
                + " still "
                + op.statusAsString()
                + " after 5 min");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + operationId, e);
      }
    }
  }
}
