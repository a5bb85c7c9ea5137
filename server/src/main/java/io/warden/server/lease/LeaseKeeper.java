package io.warden.server.lease;

import io.warden.protocol.command.Command;
import io.warden.protocol.command.ExpireSession;
import io.warden.protocol.command.SessionRecord;
import io.warden.server.raft.RaftNode;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's session deadlines (see the package documentation for why they are safe).
 *
 * <p>Deadlines exist only while this server leads: they are built from the store when it takes
 * office ({@link #onLeaderReady}), follow applied creations and removals, and are dropped when it
 * steps down. A follower has none, so it can neither renew nor expire anything.
 */
public final class LeaseKeeper implements StateMachineListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final long INACTIVE = -1;

  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final ConcurrentHashMap<Long, Lease> leases = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> expiryTask;
  private final LongAdder renewals = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  /** The term in which this server leads and keeps deadlines, or {@link #INACTIVE}. */
  private volatile long activeTerm = INACTIVE;

  public LeaseKeeper(RaftNode raft, WardenStateMachine stateMachine, ScheduledExecutorService scheduler,
                     Duration checkInterval) {
    this.raft = raft;
    this.stateMachine = stateMachine;
    long period = checkInterval.toNanos();
    this.expiryTask = scheduler.scheduleWithFixedDelay(this::expireOverdue, period, period, TimeUnit.NANOSECONDS);
  }

  /** A session's TTL and its deadline on this leader's monotonic clock. */
  private static final class Lease {
    final long ttlNanos;
    volatile long deadlineNanos;
    volatile boolean expiring;

    Lease(long ttlNanos, long deadlineNanos) {
      this.ttlNanos = ttlNanos;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** The term in which this server keeps deadlines, or empty when it does not lead. */
  public OptionalLong activeTerm() {
    long term = activeTerm;
    return term == INACTIVE ? OptionalLong.empty() : OptionalLong.of(term);
  }

  /**
   * Renews {@code sessionIds}. Call only after {@link LeadershipConfirmer#confirm()} succeeded
   * for a confirmation requested after the keepalives arrived.
   *
   * @param term the term this server led when the keepalives arrived
   * @throws LeadershipLostException if this server no longer leads that term
   */
  public KeepAliveOutcome renew(Collection<Long> sessionIds, long term) {
    if (activeTerm != term) {
      throw new LeadershipLostException("leadership changed while confirming the keepalive");
    }
    long now = System.nanoTime();
    List<Long> renewed = new ArrayList<>(sessionIds.size());
    List<Long> unknown = new ArrayList<>();
    for (long id : sessionIds) {
      Lease lease = leases.get(id);
      if (lease == null || lease.expiring) {
        unknown.add(id);
        continue;
      }
      long deadline = now + lease.ttlNanos;
      if (deadline - lease.deadlineNanos > 0) {
        lease.deadlineNanos = deadline;
      }
      renewed.add(id);
    }
    renewals.add(renewed.size());
    return new KeepAliveOutcome(renewed, unknown);
  }

  /** Time left before {@code sessionId} expires on this leader, or empty if unknown here. */
  public OptionalLong remainingNanos(long sessionId) {
    Lease lease = leases.get(sessionId);
    return lease == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, lease.deadlineNanos - System.nanoTime()));
  }

  /** Sessions this leader keeps deadlines for. */
  public int size() {
    return leases.size();
  }

  public long renewals() {
    return renewals.sum();
  }

  public long expirations() {
    return expirations.sum();
  }

  /** Runs on the apply thread after all earlier entries were applied: the store is complete. */
  @Override
  public void onLeaderReady(long term) {
    leases.clear();
    long now = System.nanoTime();
    List<SessionRecord> sessions = stateMachine.read(SessionTable::all);
    for (SessionRecord session : sessions) {
      long ttl = TimeUnit.MILLISECONDS.toNanos(session.getTtlMillis());
      leases.put(session.getId(), new Lease(ttl, now + ttl));
    }
    activeTerm = term;
    LOG.info("Leading term {}: keeping leases of {} sessions, each deadline refreshed to now + TTL", term, sessions.size());
  }

  @Override
  public void onNotLeader() {
    if (activeTerm != INACTIVE) {
      LOG.info("No longer leader: dropping {} session deadlines", leases.size());
    }
    activeTerm = INACTIVE;
    leases.clear();
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    if (activeTerm == INACTIVE) {
      return;
    }
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.SessionCreated created) {
        long ttl = TimeUnit.MILLISECONDS.toNanos(created.ttlMillis());
        leases.put(created.sessionId(), new Lease(ttl, System.nanoTime() + ttl));
      } else if (event instanceof ApplyEvent.SessionRemoved removed) {
        leases.remove(removed.sessionId());
      }
    }
  }

  private void expireOverdue() {
    if (activeTerm == INACTIVE) {
      return;
    }
    long now = System.nanoTime();
    leases.forEach((id, lease) -> {
      if (!lease.expiring && now - lease.deadlineNanos >= 0) {
        lease.expiring = true;
        propose(id, lease);
      }
    });
  }

  private void propose(long sessionId, Lease lease) {
    LOG.info("Session {} expired: no confirmed keepalive for its TTL of {} ms", sessionId,
        TimeUnit.NANOSECONDS.toMillis(lease.ttlNanos));
    Command expire = Command.newBuilder().setExpireSession(ExpireSession.newBuilder().setSessionId(sessionId)).build();
    raft.submitInternal(expire).whenComplete((result, failure) -> {
      if (failure == null && !result.hasError()) {
        expirations.increment();
      } else if (activeTerm != INACTIVE) {
        // Not applied (no quorum right now): try again at the next check.
        lease.expiring = false;
      }
    });
  }

  @Override
  public void close() {
    expiryTask.cancel(false);
  }
}
