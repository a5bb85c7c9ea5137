package io.warden.statemachine.ring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * How many partitions each member ends up owning: the counting half of placement, in exact
 * integer arithmetic.
 *
 * <p>Member i of weight w<sub>i</sub> (total W) has the exact share q<sub>i</sub> = P·w<sub>i</sub>/W
 * and the load bound ⌈(1+ε)·q<sub>i</sub>⌉. From the counts members keep from the previous
 * placement:
 * <ol>
 *   <li>each keeps what it had, down to its load bound;</li>
 *   <li>the partitions nobody keeps (orphans, and what step 1 shed) go one at a time to the member
 *       furthest below its share, q<sub>i</sub> − count<sub>i</sub>, largest first;</li>
 *   <li>while some member is below ⌊q<sub>i</sub>⌋ and another is above its exact share, one
 *       partition goes from the furthest above to the furthest below.</li>
 * </ol>
 * Ties go to the smaller {@link Ring#memberHash}, then the smaller index: they depend on the
 * member set only.
 *
 * <p>From nothing, this is the largest-remainder apportionment: everyone gets ⌊q<sub>i</sub>⌋ or
 * ⌈q<sub>i</sub>⌉. Step 2 never raises a member above ⌈q<sub>i</sub>⌉ (it serves only members
 * below their share) and step 3 never above ⌊q<sub>i</sub>⌋, so no member exceeds its load bound.
 */
final class LoadTargets {
  private LoadTargets() {}

  /** ⌈(1+ε)·P·w<sub>i</sub>/W⌉ for each member, ε read as its shortest decimal form (0.1 is 1/10). */
  static int[] loadBounds(int partitions, double epsilon, int[] weights) {
    BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(epsilon));
    BigDecimal total = BigDecimal.valueOf(totalWeight(weights));
    int[] bounds = new int[weights.length];
    for (int i = 0; i < weights.length; i++) {
      BigDecimal bound = factor.multiply(BigDecimal.valueOf((long) partitions * weights[i]))
          .divide(total, 0, RoundingMode.CEILING);
      bounds[i] = bound.min(BigDecimal.valueOf(partitions)).intValueExact();
    }
    return bounds;
  }

  /**
   * The number of partitions each member owns in the new placement, given the number {@code kept}
   * it owned in the previous one (0 for a newcomer).
   */
  static int[] targets(int partitions, int[] weights, int[] bounds, int[] kept, long[] tieBreak) {
    int members = weights.length;
    long total = totalWeight(weights);
    int[] counts = new int[members];
    int unplaced = partitions;
    for (int i = 0; i < members; i++) {
      counts[i] = Math.min(kept[i], bounds[i]);
      unplaced -= counts[i];
    }
    // Deficit q_i - count_i, scaled by W so that it is an exact integer; ties by hash, then index.
    Comparator<Integer> mostBelowShare = Comparator
        .comparingLong((Integer i) -> (long) partitions * weights[i] - (long) counts[i] * total).reversed()
        .thenComparingLong(i -> tieBreak[i])
        .thenComparingInt(i -> i);
    PriorityQueue<Integer> belowShare = new PriorityQueue<>(Math.max(1, members), mostBelowShare);
    for (int i = 0; i < members; i++) {
      belowShare.add(i);
    }
    for (; unplaced > 0; unplaced--) {
      int neediest = belowShare.poll();
      counts[neediest]++;
      belowShare.add(neediest);
    }

    PriorityQueue<Integer> belowFloor = new PriorityQueue<>(Math.max(1, members), mostBelowShare);
    Comparator<Integer> mostAboveShare = Comparator
        .comparingLong((Integer i) -> (long) counts[i] * total - (long) partitions * weights[i]).reversed()
        .thenComparingLong(i -> tieBreak[i])
        .thenComparingInt(i -> i);
    PriorityQueue<Integer> aboveShare = new PriorityQueue<>(Math.max(1, members), mostAboveShare);
    for (int i = 0; i < members; i++) {
      if (isBelowFloor(partitions, weights[i], counts[i], total)) {
        belowFloor.add(i);
      } else if (isAboveShare(partitions, weights[i], counts[i], total)) {
        aboveShare.add(i);
      }
    }
    while (!belowFloor.isEmpty() && !aboveShare.isEmpty()) {
      int receiver = belowFloor.poll();
      int giver = aboveShare.poll();
      counts[receiver]++;
      counts[giver]--;
      if (isBelowFloor(partitions, weights[receiver], counts[receiver], total)) {
        belowFloor.add(receiver);
      }
      if (isAboveShare(partitions, weights[giver], counts[giver], total)) {
        aboveShare.add(giver);
      }
    }
    return counts;
  }

  static long totalWeight(int[] weights) {
    long total = 0;
    for (int weight : weights) {
      total += weight;
    }
    return total;
  }

  private static boolean isBelowFloor(int partitions, int weight, int count, long total) {
    return count < (long) partitions * weight / total;
  }

  private static boolean isAboveShare(int partitions, int weight, int count, long total) {
    return (long) count * total > (long) partitions * weight;
  }
}
