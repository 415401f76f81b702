package dev.ecsguardrail.aws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A map whose entries are read again after a while: for what can change (tags, settings). */
final class ExpiringCache<V> {

  private record Entry<V>(V value, long readAt) {}

  private final Duration ttl;
  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

  ExpiringCache(Duration ttl) {
    this.ttl = ttl;
  }

  V get(String key, Supplier<V> read) {
    long now = System.nanoTime();
    Entry<V> cached = entries.get(key);
    if (cached != null && now - cached.readAt() < ttl.toNanos()) {
      return cached.value();
    }
    V value = read.get();
    entries.put(key, new Entry<>(value, now));
    return value;
  }
}
