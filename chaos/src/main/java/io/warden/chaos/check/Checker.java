package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks a merged history (events in time order): locks, partition ownership, recovery. */
public final class Checker {
  private final Duration recoveryBound;

  /** @param recoveryBound how long after a heal every lock must have been acquired again */
  public Checker(Duration recoveryBound) {
    this.recoveryBound = recoveryBound;
  }

  public CheckReport check(List<Event> history) {
    LockHistory h = new LockHistory(history);
    List<Anomaly> anomalies = new ArrayList<>();
    new LockChecker(h, anomalies).run();
    OwnershipHistory ownership = new OwnershipHistory(history);
    new OwnershipChecker(ownership, h.times(), anomalies).run();
    List<Recovery> recoveries = new RecoveryChecker(h, recoveryBound.toNanos(), anomalies).run();
    int lateAccepted = 0;
    int lateFenced = 0;
    for (LockHistory.Write w : h.writes) {
      if (w.register != null && !w.withinLease()) {
        if (w.register.isOk()) {
          lateAccepted++;
        } else {
          lateFenced++;
        }
      }
    }
    Map<String, Integer> faults = new TreeMap<>();
    h.faults.forEach(f -> faults.merge(f.fault(), 1, Integer::sum));
    Map<String, Integer> counts = new TreeMap<>(h.counts);
    counts.put("partition.acquire", ownership.acquires);
    counts.put("partition.release", ownership.releases);
    return new CheckReport(anomalies, h.ops + ownership.events, counts, lateAccepted, lateFenced,
        h.reads.size(), ownership.reads.size(), faults, recoveries);
  }
}
