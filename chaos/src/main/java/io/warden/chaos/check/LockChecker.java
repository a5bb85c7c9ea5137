package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The safety checks of locks: mutual exclusion, token order, the fenced register, reads. */
final class LockChecker {
  private final LockHistory h;
  private final Times times;
  private final List<Anomaly> anomalies;

  LockChecker(LockHistory history, List<Anomaly> anomalies) {
    this.h = history;
    this.times = history.times();
    this.anomalies = anomalies;
  }

  void run() {
    Map<String, List<Grant>> byLock = h.grants.stream()
        .collect(Collectors.groupingBy(g -> g.lock, Collectors.toList()));
    IntervalChecks intervals = new IntervalChecks(times, anomalies);
    byLock.values().forEach(intervals::run);
    register();
    writes(byLock);
    reads(byLock);
  }

  /** The register, in its own order per lock: accepted tokens never go down, rejections are due. */
  private void register() {
    Map<String, Long> highest = new HashMap<>();
    for (Event e : h.registerEvents) {
      long seen = highest.getOrDefault(e.lock(), 0L);
      if (e.isOk()) {
        if (e.token() < seen) {
          anomalies.add(new Anomaly("register-regression", e.lock(), String.format(
              "the register accepted token %d from %s at %s after accepting %d", e.token(),
              e.client(), times.s(e.t()), seen)));
        }
        highest.put(e.lock(), Math.max(seen, e.token()));
      } else if (e.token() >= seen) {
        anomalies.add(new Anomaly("register-wrong-reject", e.lock(), String.format(
            "the register rejected token %d from %s at %s though its highest was %d", e.token(),
            e.client(), times.s(e.t()), seen)));
      }
    }
  }

  /** Every write against the grants: its token was granted, and within a lease it was the newest. */
  private void writes(Map<String, List<Grant>> byLock) {
    for (LockHistory.Write w : h.writes) {
      Event reg = w.register;
      if (reg == null) {
        continue; // never reached the register
      }
      if (reg.t() - w.invokeT < 0 || (w.doneT != null && w.doneT - reg.t() < 0)) {
        anomalies.add(new Anomaly("clock", w.lock, String.format(
            "%s's write (op %d) was stamped by the register at %s, outside its invoke %s and"
                + " completion %s: the processes do not share one monotonic clock",
            w.proc, w.op, times.s(reg.t()), times.s(w.invokeT),
            w.doneT == null ? "-" : times.s(w.doneT))));
      }
      List<Grant> grants = byLock.getOrDefault(w.lock, List.of());
      boolean granted = grants.stream().anyMatch(g -> g.proc.equals(w.proc) && g.token == w.token);
      if (reg.isOk() && !granted) {
        anomalies.add(new Anomaly("write-without-grant", w.lock, String.format(
            "the register accepted token %d from %s at %s, which no acquire of %s returned",
            w.token, w.proc, times.s(reg.t()), w.proc)));
      }
      if (!w.withinLease()) {
        continue; // a late write: fencing decides, the checks above hold
      }
      if (reg.isOk()) {
        for (Grant g : grants) {
          if (g.token > w.token && g.okT - reg.t() < 0) {
            anomalies.add(new Anomaly("write-after-newer-grant", w.lock, String.format(
                "%s wrote with token %d at %s within its lease (deadline %s), but %s had already"
                    + " been granted", w.proc, w.token, times.s(reg.t()), times.s(w.deadline),
                g.describe(times))));
          }
        }
      } else {
        anomalies.add(new Anomaly("valid-holder-fenced-out", w.lock, String.format(
            "the register rejected %s's token %d at %s (highest %s) while its lease held until %s:"
                + " a newer holder wrote during its lease", w.proc, w.token, times.s(reg.t()),
            reg.highest(), times.s(w.deadline))));
      }
    }
  }

  /**
   * Linearizable reads against the history: every holder read was granted and not acknowledged as
   * released before the read; every grant acknowledged before the read and still valid after it is
   * among the holders read.
   */
  private void reads(Map<String, List<Grant>> byLock) {
    for (LockHistory.Read r : h.reads) {
      Set<String> covered = r.lock() == null ? h.locks : Set.of(r.lock());
      for (String lock : covered) {
        List<Grant> grants = byLock.getOrDefault(lock, List.of());
        List<Event.Holder> holders =
            r.holders().stream().filter(x -> lock.equals(x.lock())).toList();
        for (Event.Holder holder : holders) {
          List<Grant> matching = grants.stream()
              .filter(g -> g.session == holder.session() && g.token == holder.token()).toList();
          if (matching.isEmpty()) {
            boolean possible = h.attempts.stream().anyMatch(a -> a.lock().equals(lock)
                && a.session() == holder.session() && a.invokeT() - r.okT() < 0
                && !"ok".equals(a.outcome()));
            if (!possible) {
              anomalies.add(new Anomaly("phantom-holder", lock, String.format(
                  "a read at %s–%s shows session %d holding token %d, which no acquire of that"
                      + " session could have been granted", times.s(r.invokeT()), times.s(r.okT()),
                  holder.session(), holder.token())));
            }
            continue;
          }
          Grant last = matching.get(matching.size() - 1);
          if ("ok".equals(last.releaseOutcome) && last.releaseDoneT - r.invokeT() < 0) {
            anomalies.add(new Anomaly("lost-release", lock, String.format(
                "a read at %s–%s still shows %s, whose release was acknowledged at %s",
                times.s(r.invokeT()), times.s(r.okT()), last.describe(times),
                times.s(last.releaseDoneT))));
          }
        }
        for (Grant g : grants) {
          if (g.okT - r.invokeT() < 0 && g.seenValidAtOrAfter(r.okT())
              && holders.stream().noneMatch(x -> x.session() == g.session && x.token() == g.token)) {
            anomalies.add(new Anomaly("lost-grant", lock, String.format(
                "a read at %s–%s shows holders %s, but %s was granted before it and still valid"
                    + " after it", times.s(r.invokeT()), times.s(r.okT()), holders,
                g.describe(times))));
          }
        }
      }
    }
  }
}
