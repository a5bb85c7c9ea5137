package io.warden.statemachine.ring;

import io.warden.protocol.ring.XxHash64;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The consistent-hashing ring: {@value #VNODES_PER_WEIGHT} virtual nodes per unit of weight for
 * each member, and one point per partition, on a 64-bit circle.
 *
 * <p>Positions are fixed functions of the node id and the partition number (no randomness):
 * member {@code m}'s virtual node {@code j} sits at {@code mix(XXH64(utf8(m), RING_SEED) + (j+1)·φ)}
 * and partition {@code p} at {@code mix(PARTITION_SALT + (p+1)·φ)}, where φ is the 64-bit golden
 * ratio and {@code mix} the SplitMix64 finaliser. A member's virtual nodes therefore do not
 * depend on the other members, which is what makes the ring consistent.
 *
 * <p>A point is stored as its position's top 48 bits followed by the 16-bit member index, so
 * sorting {@code long}s orders the ring, ties between members included. "Clockwise" is increasing
 * signed order, wrapping from the largest to the smallest.
 */
final class Ring {
  /** Virtual nodes per unit of member weight. */
  static final int VNODES_PER_WEIGHT = 64;
  /** Members a ring can index (16 bits of each point). */
  static final int MAX_MEMBERS = 1 << 16;

  private static final long RING_SEED = 0x57415244524E4731L;  // "WARDRNG1"
  private static final long PARTITION_SALT = 0x5741524450415254L;  // "WARDPART"
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long MEMBER_BITS = 0xFFFFL;

  private final long[] points;
  private final long[][] pointsOfMember;
  private final long[] memberHashes;

  /** The ring of {@code members}, indexed in list order. */
  Ring(List<Member> members) {
    if (members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("a ring holds at most " + MAX_MEMBERS + " members, not " + members.size());
    }
    memberHashes = new long[members.size()];
    int total = 0;
    for (int i = 0; i < members.size(); i++) {
      memberHashes[i] = XxHash64.hash(members.get(i).nodeId().getBytes(StandardCharsets.UTF_8), RING_SEED);
      total += VNODES_PER_WEIGHT * members.get(i).weight();
    }
    points = new long[total];
    int next = 0;
    for (int i = 0; i < members.size(); i++) {
      int vnodes = VNODES_PER_WEIGHT * members.get(i).weight();
      for (int j = 0; j < vnodes; j++) {
        points[next++] = point(mix(memberHashes[i] + (j + 1) * GOLDEN), i);
      }
    }
    sortUniform(points);
    pointsOfMember = new long[members.size()][];
    int[] filled = new int[members.size()];
    for (int i = 0; i < members.size(); i++) {
      pointsOfMember[i] = new long[VNODES_PER_WEIGHT * members.get(i).weight()];
    }
    for (long point : points) {
      int member = (int) (point & MEMBER_BITS);
      pointsOfMember[member][filled[member]++] = point;
    }
  }

  /** Number of virtual nodes on the ring. */
  int size() {
    return points.length;
  }

  /** The member of the virtual node at {@code index} (taken modulo the ring size). */
  int memberAt(int index) {
    return (int) (points[Math.floorMod(index, points.length)] & MEMBER_BITS);
  }

  /** Index of the first virtual node clockwise from {@code partition}'s point. */
  int start(int partition) {
    return firstAtOrAfter(points, partitionKey(partition));
  }

  /**
   * Clockwise distance from {@code partition}'s point to {@code member}'s nearest virtual node,
   * as an unsigned number: smaller means the member comes earlier in the partition's walk.
   */
  long distance(int partition, int member) {
    long key = partitionKey(partition);
    long[] own = pointsOfMember[member];
    return own[firstAtOrAfter(own, key)] - key;
  }

  /** A fixed hash of {@code member}'s node id, for tie-breaking that favours no name. */
  long memberHash(int member) {
    return memberHashes[member];
  }

  /**
   * Sorts hash positions (signed order) in linear expected time: spreads them over about as many
   * buckets as there are points by their top bits, then sorts each bucket. Twice as fast as
   * {@link Arrays#sort(long[])} at ring sizes, and never worse than it by more than the spreading.
   */
  private static void sortUniform(long[] points) {
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(points.length));
    int[] bucketStart = new int[(1 << bits) + 1];
    for (long point : points) {
      bucketStart[bucketOf(point, bits) + 1]++;
    }
    for (int b = 0; b < 1 << bits; b++) {
      bucketStart[b + 1] += bucketStart[b];
    }
    long[] spread = new long[points.length];
    int[] next = Arrays.copyOf(bucketStart, 1 << bits);
    for (long point : points) {
      spread[next[bucketOf(point, bits)]++] = point;
    }
    for (int b = 0; b < 1 << bits; b++) {
      if (bucketStart[b + 1] - bucketStart[b] > 1) {
        Arrays.sort(spread, bucketStart[b], bucketStart[b + 1]);
      }
    }
    System.arraycopy(spread, 0, points, 0, points.length);
  }

  /** The top {@code bits} bits of {@code point} in signed order (flipping the sign bit makes it unsigned). */
  private static int bucketOf(long point, int bits) {
    return (int) ((point ^ Long.MIN_VALUE) >>> (64 - bits));
  }

  private static int firstAtOrAfter(long[] sorted, long key) {
    int found = Arrays.binarySearch(sorted, key);
    int index = found >= 0 ? found : -found - 1;
    return index == sorted.length ? 0 : index;
  }

  private static long partitionKey(int partition) {
    return point(mix(PARTITION_SALT + (partition + 1L) * GOLDEN), 0);
  }

  private static long point(long position, int member) {
    return (position & ~MEMBER_BITS) | member;
  }

  /** SplitMix64's finaliser: a bijection that spreads consecutive inputs over the circle. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
