package io.warden.chaos.check;

import io.warden.chaos.history.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition half of a history, indexed for the checks: each acquire by a data node becomes a
 * {@link Grant} that its release (or the node's lease reports, while it holds) observe; the
 * observer's ring reads are kept with the time they were invoked and answered.
 */
final class OwnershipHistory {
  static final String ACQUIRE = "acquire";
  static final String RELEASE = "release";
  static final String LEASE = "lease";
  static final String RING = "ring";

  /** A linearizable read of the whole ring by the observer. */
  record RingRead(long invokeT, long okT, List<Event.Owner> owners) {}

  final List<Grant> grants = new ArrayList<>();
  final List<RingRead> reads = new ArrayList<>();
  /** Ownership events: acquires and releases recorded by data nodes. */
  int events;
  int acquires;
  int releases;

  OwnershipHistory(List<Event> history) {
    index(history);
  }

  /** The grants, by partition. */
  Map<Integer, List<Grant>> byPartition() {
    Map<Integer, List<Grant>> by = new HashMap<>();
    grants.forEach(g -> by.computeIfAbsent(g.partition, p -> new ArrayList<>()).add(g));
    return by;
  }

  private void index(List<Event> history) {
    Map<String, Grant> holding = new HashMap<>(); // proc|partition -> the grant not yet released
    Map<String, Long> ringInvokes = new HashMap<>(); // op -> invoke time
    for (Event e : history) {
      if (LockHistory.OBSERVER.equals(e.proc()) && RING.equals(e.f()) && e.op() != null) {
        String op = Long.toString(e.op());
        if (e.isInvoke()) {
          ringInvokes.put(op, e.t());
        } else if (e.isOk() && e.owners() != null && ringInvokes.containsKey(op)) {
          reads.add(new RingRead(ringInvokes.remove(op), e.t(), e.owners()));
        }
        continue;
      }
      if (LEASE.equals(e.f()) && e.session() != null && e.deadline() != null) {
        Grant.Observation seen = new Grant.Observation(e.t(), e.deadline(),
            Boolean.TRUE.equals(e.valid()));
        holding.values().stream()
            .filter(g -> g.proc.equals(e.proc()) && g.session == e.session())
            .forEach(g -> g.observations.add(seen));
        continue;
      }
      if (e.partition() == null || !e.isOk() || e.token() == null || e.session() == null) {
        continue;
      }
      String key = e.proc() + "|" + e.partition();
      long deadline = e.deadline() == null ? e.t() : e.deadline();
      boolean valid = Boolean.TRUE.equals(e.valid());
      if (ACQUIRE.equals(e.f())) {
        events++;
        acquires++;
        Grant g = Grant.ofPartition(e.proc(), e.session(), e.partition(), e.token(), e.t(),
            deadline, valid);
        grants.add(g);
        holding.put(key, g);
      } else if (RELEASE.equals(e.f())) {
        events++;
        releases++;
        Grant g = holding.get(key);
        if (g != null && g.token == e.token() && g.session == e.session()) {
          holding.remove(key);
          // The node stops serving when it records this, before it lets the partition go.
          g.releaseInvokeT = e.t();
          g.releaseDeadline = deadline;
          g.releaseOutcome = "ok";
          g.releaseDoneT = e.t();
          g.observations.add(new Grant.Observation(e.t(), deadline, valid));
        }
      }
    }
  }
}
