package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Availability after faults: for each heal, the time until every lock has been acquired again by
 * some worker. A heal followed by another fault before that is censored (not measured); the last
 * heal is never followed by one, so the run must recover within the bound.
 */
final class RecoveryChecker {
  private final LockHistory h;
  private final long boundNanos;
  private final List<Anomaly> anomalies;

  RecoveryChecker(LockHistory history, long boundNanos, List<Anomaly> anomalies) {
    this.h = history;
    this.boundNanos = boundNanos;
    this.anomalies = anomalies;
  }

  List<Recovery> run() {
    Times times = h.times();
    List<Recovery> recoveries = new ArrayList<>();
    long historyEnd = h.events.isEmpty() ? 0 : h.events.get(h.events.size() - 1).t();
    for (int i = 0; i < h.heals.size(); i++) {
      Event heal = h.heals.get(i);
      long nextFault = Long.MAX_VALUE;
      for (Event f : h.faults) {
        if (f.t() - heal.t() > 0) {
          nextFault = f.t();
          break;
        }
      }
      long worst = 0;
      String slowest = null;
      boolean censored = false;
      for (String lock : h.locks) {
        long first = Long.MAX_VALUE;
        for (Grant g : h.grants) {
          if (g.lock.equals(lock) && g.okT - heal.t() >= 0 && g.okT < first) {
            first = g.okT;
          }
        }
        if (first == Long.MAX_VALUE || first > nextFault) {
          censored = true;
          if (nextFault == Long.MAX_VALUE && first == Long.MAX_VALUE) {
            boolean last = i == h.heals.size() - 1;
            if (last && historyEnd - heal.t() >= boundNanos) {
              anomalies.add(new Anomaly("no-recovery", lock, String.format(
                  "not acquired again in the %s between the last heal (%s, %s) and the end of the"
                      + " run", Times.ms(historyEnd - heal.t()), times.s(heal.t()),
                  heal.detail())));
            }
          }
          continue;
        }
        if (first - heal.t() > worst) {
          worst = first - heal.t();
          slowest = lock;
        }
      }
      if (!censored && worst > boundNanos) {
        anomalies.add(new Anomaly("slow-recovery", slowest, String.format(
            "acquired again only %s after the heal at %s (%s); the bound is %s", Times.ms(worst),
            times.s(heal.t()), heal.detail(), Times.ms(boundNanos))));
      }
      recoveries.add(new Recovery(heal.t(), heal.detail(), censored ? -1 : worst, censored));
    }
    return recoveries;
  }
}
