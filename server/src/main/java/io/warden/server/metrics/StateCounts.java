package io.warden.server.metrics;

import io.warden.protocol.command.LockRecord;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much state this server's store holds: counted by scanning the store, at most once per
 * {@code maxAge}, so that scrapes and status requests cost one scan a second however many come.
 * The counts are this replica's applied state (a follower's may trail the leader's slightly).
 */
public final class StateCounts {
  private static final Logger LOG = LoggerFactory.getLogger(StateCounts.class);

  /**
   * @param sessions   live sessions
   * @param locks      locks that are held, awaited or in a lock-delay
   * @param locksHeld  locks with at least one holder
   * @param waiters    queued acquire requests over all locks
   * @param storeBytes the live store's size on disk
   */
  public record Counts(long sessions, long locks, long locksHeld, long waiters, long storeBytes) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0);
  }

  private final WardenStateMachine stateMachine;
  private final long maxAgeNanos;
  private Counts last = Counts.NONE;
  private long countedAt;
  private boolean counted;

  public StateCounts(WardenStateMachine stateMachine, Duration maxAge) {
    this.stateMachine = stateMachine;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The counts, at most {@code maxAge} old. */
  public synchronized Counts current() {
    long now = System.nanoTime();
    if (!counted || now - countedAt >= maxAgeNanos) {
      last = count(last);
      countedAt = now;
      counted = true;
    }
    return last;
  }

  private Counts count(Counts previous) {
    try {
      Counts state = stateMachine.read(reader -> {
        List<LockRecord> locks = LockTable.all(reader);
        long held = locks.stream().filter(l -> l.getHoldersCount() > 0).count();
        long waiters = locks.stream().mapToLong(LockRecord::getWaitersCount).sum();
        return new Counts(SessionTable.all(reader).size(), locks.size(), held, waiters, 0);
      });
      long bytes = stateMachine.storeSizeOnDisk();
      return new Counts(state.sessions(), state.locks(), state.locksHeld(), state.waiters(), bytes);
    } catch (RuntimeException e) {
      // The store is not open (starting, stopping, or being replaced by a snapshot install).
      LOG.debug("Cannot count the store's state now; keeping the last counts", e);
      return previous;
    }
  }
}
