package io.warden.server.lock;

import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures lock handoff latency on the leader: from the arrival of a {@code Release} request
 * for a lock to the apply, on the leader, of the entry that grants that lock to the next waiter,
 * which is when the grant is pushed to the waiter's connection. It is the time a lock with
 * waiters stays ungranted because of Warden: the release's Raft round (proposal, replication to
 * a majority, fsync, commit) and its apply.
 *
 * <p>Only handoffs caused by a release are measured. A grant after a session expired, was
 * closed, or a lock-delay ended has no request arrival to start from (or is dominated by a TTL
 * or delay that is policy, not latency). The release and the grant are the same entry; the first
 * grant of the lock after an arrival is measured (shared waiters granted together count once),
 * and a release that frees nothing (no waiter, stale token) records nothing. Of two releases of a
 * shared lock in flight at once, the later arrival is the start.
 */
public final class HandoffLatency implements StateMachineListener {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffLatency.class);

  private final LongConsumer latencyNanos;
  /** Lock name → when the latest release request for it arrived (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> releaseArrivals = new ConcurrentHashMap<>();

  /** @param latencyNanos receives each measured handoff, in nanoseconds */
  public HandoffLatency(LongConsumer latencyNanos) {
    this.latencyNanos = latencyNanos;
  }

  /** A release request for {@code lock} arrived; returns the arrival to pass to {@link #releaseAnswered}. */
  long releaseArrived(String lock) {
    long arrival = System.nanoTime();
    releaseArrivals.put(lock, arrival);
    return arrival;
  }

  /** The release was answered: its grant, if any, was measured already (apply precedes the answer). */
  void releaseAnswered(String lock, long arrival) {
    releaseArrivals.remove(lock, arrival);
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    if (releaseArrivals.isEmpty()) {
      return;
    }
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.LockGranted granted) {
        Long arrival = releaseArrivals.remove(granted.name());
        if (arrival != null) {
          long nanos = System.nanoTime() - arrival;
          latencyNanos.accept(nanos);
          LOG.debug("Lock {} handed to session {} (token {}) {} µs after its release arrived",
              granted.name(), granted.sessionId(), granted.token(), nanos / 1_000);
        }
      }
    }
  }

  @Override
  public void onNotLeader() {
    releaseArrivals.clear();
  }
}
