package io.warden.protocol.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH64, the 64-bit xxHash of Yann Collet, as specified in
 * <a href="https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md">xxhash_spec.md</a>.
 *
 * <p>Written out here rather than taken from a library because the value is a protocol
 * contract: clients and servers must compute it identically, from this dependency-free module.
 * The tests (in ratis-statemachine, which has the reference library) check it against the published
 * test vectors and, byte length by byte length, against zero-allocation-hashing's XXH64.
 */
public final class XxHash64 {
  private static final long PRIME1 = 0x9E3779B185EBCA87L;
  private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME3 = 0x165667B19E3779F9L;
  private static final long PRIME4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME5 = 0x27D4EB2F165667C5L;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private XxHash64() {}

  /** XXH64 of all of {@code input} with {@code seed}. */
  public static long hash(byte[] input, long seed) {
    int length = input.length;
    int offset = 0;
    long hash;
    if (length >= 32) {
      long v1 = seed + PRIME1 + PRIME2;
      long v2 = seed + PRIME2;
      long v3 = seed;
      long v4 = seed - PRIME1;
      int stripesEnd = length - 32;
      do {
        v1 = round(v1, (long) LONGS.get(input, offset));
        v2 = round(v2, (long) LONGS.get(input, offset + 8));
        v3 = round(v3, (long) LONGS.get(input, offset + 16));
        v4 = round(v4, (long) LONGS.get(input, offset + 24));
        offset += 32;
      } while (offset <= stripesEnd);
      hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      hash = mergeRound(hash, v1);
      hash = mergeRound(hash, v2);
      hash = mergeRound(hash, v3);
      hash = mergeRound(hash, v4);
    } else {
      hash = seed + PRIME5;
    }
    hash += length;
    for (; offset + 8 <= length; offset += 8) {
      hash ^= round(0, (long) LONGS.get(input, offset));
      hash = Long.rotateLeft(hash, 27) * PRIME1 + PRIME4;
    }
    if (offset + 4 <= length) {
      hash ^= Integer.toUnsignedLong((int) INTS.get(input, offset)) * PRIME1;
      hash = Long.rotateLeft(hash, 23) * PRIME2 + PRIME3;
      offset += 4;
    }
    for (; offset < length; offset++) {
      hash ^= (input[offset] & 0xFFL) * PRIME5;
      hash = Long.rotateLeft(hash, 11) * PRIME1;
    }
    return avalanche(hash);
  }

  private static long round(long accumulator, long lane) {
    return Long.rotateLeft(accumulator + lane * PRIME2, 31) * PRIME1;
  }

  private static long mergeRound(long hash, long accumulator) {
    return (hash ^ round(0, accumulator)) * PRIME1 + PRIME4;
  }

  private static long avalanche(long hash) {
    hash ^= hash >>> 33;
    hash *= PRIME2;
    hash ^= hash >>> 29;
    hash *= PRIME3;
    return hash ^ (hash >>> 32);
  }
}
