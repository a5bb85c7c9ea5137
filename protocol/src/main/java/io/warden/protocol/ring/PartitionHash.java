package io.warden.protocol.ring;

import java.nio.charset.StandardCharsets;

/**
 * The one key-to-partition function that clients and servers share (DESIGN §7):
 *
 * <pre>
 *   partition(key, P) = floorMod(XXH64(utf8(key), seed = 0x57415244454E5631), P)
 * </pre>
 *
 * <p>XXH64 is the 64-bit xxHash (see {@link XxHash64}); the seed is the ASCII bytes of
 * {@code "WARDENV1"} read as a big-endian long; {@code floorMod} treats the hash as a signed
 * Java {@code long}, so the result is always in {@code [0, P)}. Binary keys hash their bytes as
 * they are; string keys hash their UTF-8 encoding, so {@code partition("k")} equals
 * {@code partition("k".getBytes(UTF_8))}.
 *
 * <p>This function is part of the protocol: a cluster's data is laid out by it, so changing the
 * hash, the seed or the reduction reassigns every key. The golden values in the tests pin it.
 * It has no dependency beyond the JDK and lives in the {@code protocol} module, so the client
 * library and the state machine compute it from the same code.
 */
public final class PartitionHash {
  /** The seed of XXH64 for keys: {@code "WARDENV1"} in ASCII. */
  public static final long SEED = 0x57415244454E5631L;

  private PartitionHash() {}

  /** The partition of {@code key} among {@code partitions}. */
  public static int partition(String key, int partitions) {
    return partition(key.getBytes(StandardCharsets.UTF_8), partitions);
  }

  /** The partition of the binary key {@code key} among {@code partitions}. */
  public static int partition(byte[] key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("the partition count must be at least 1, was " + partitions);
    }
    return (int) Math.floorMod(hash64(key), (long) partitions);
  }

  /** The seeded 64-bit hash of the UTF-8 encoding of {@code key}. */
  public static long hash64(String key) {
    return hash64(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The seeded 64-bit hash of {@code key}. */
  public static long hash64(byte[] key) {
    return XxHash64.hash(key, SEED);
  }
}
