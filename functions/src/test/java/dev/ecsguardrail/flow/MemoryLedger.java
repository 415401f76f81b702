package dev.ecsguardrail.flow;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Claims in memory: completed keys are duplicates, released ones can be claimed again. */
public final class MemoryLedger implements EventLedger {
  public final Set<String> done = new HashSet<>();
  public final Set<String> held = new HashSet<>();

  @Override
  public Optional<Claim> claim(String key) {
    if (done.contains(key)) {
      return Optional.empty();
    }
    if (!held.add(key)) {
      throw new EventInProgressException(key);
    }
    return Optional.of(new Claim(key, false));
  }

  @Override
  public void markBlocked(Claim claim) {}

  @Override
  public void complete(Claim claim) {
    held.remove(claim.key());
    done.add(claim.key());
  }

  @Override
  public void release(Claim claim) {
    held.remove(claim.key());
  }
}
