package io.warden.statemachine.store;

import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/** Point reads and scans over one consistent view of the store. */
public interface StoreReader {
  /** The value of {@code key} in {@code family}, or null. */
  byte[] get(Family family, byte[] key);

  /** Calls {@code visitor} with every key and value of {@code family}, in key order. */
  void forEach(Family family, BiConsumer<byte[], byte[]> visitor);

  /** Whether some entry of {@code family} passes {@code test}; the scan stops at the first that does. */
  boolean anyMatch(Family family, BiPredicate<byte[], byte[]> test);

  /** Calls {@code visitor} with every key starting with {@code prefix} in {@code family}, in key order. */
  void forEachWithPrefix(Family family, byte[] prefix, BiConsumer<byte[], byte[]> visitor);
}
