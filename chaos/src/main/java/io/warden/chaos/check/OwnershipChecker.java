package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.List;
import java.util.Map;

/**
 * The safety checks of partition ownership: per partition, no two data nodes' ownership intervals
 * overlap and tokens strictly increase in acquire order ({@link IntervalChecks}, as for locks); and
 * a linearizable read of the ring agrees with the history: a node that acquired a partition before
 * the read, had not released it when the read was answered, and still had a valid lease after it,
 * is the owner the read shows, with the token it acquired (else the ring lost that acquire).
 */
final class OwnershipChecker {
  private final OwnershipHistory h;
  private final Times times;
  private final List<Anomaly> anomalies;

  OwnershipChecker(OwnershipHistory history, Times times, List<Anomaly> anomalies) {
    this.h = history;
    this.times = times;
    this.anomalies = anomalies;
  }

  void run() {
    Map<Integer, List<Grant>> byPartition = h.byPartition();
    IntervalChecks intervals = new IntervalChecks(times, anomalies);
    byPartition.values().forEach(intervals::run);
    for (OwnershipHistory.RingRead read : h.reads) {
      for (Event.Owner owner : read.owners()) {
        for (Grant g : byPartition.getOrDefault(owner.partition(), List.of())) {
          if (heldAcross(g, read) && !(g.proc.equals(owner.owner()) && g.token == owner.token())) {
            anomalies.add(g.anomaly("lost-acquire", String.format(
                "a ring read at %s–%s shows owner '%s' with token %d, but %s acquired it before"
                    + " the read and still held it, with a valid lease, after it",
                times.s(read.invokeT()), times.s(read.okT()), owner.owner(), owner.token(),
                g.describe(times))));
          }
        }
      }
    }
  }

  /**
   * Whether {@code g} was acquired before the read began, not released before it was answered,
   * and seen valid by its node after it was answered.
   */
  private static boolean heldAcross(Grant g, OwnershipHistory.RingRead read) {
    boolean releasedBefore = g.releaseInvokeT != null && g.releaseInvokeT - read.okT() <= 0;
    return g.okT - read.invokeT() < 0 && !releasedBefore && g.seenValidAtOrAfter(read.okT());
  }
}
