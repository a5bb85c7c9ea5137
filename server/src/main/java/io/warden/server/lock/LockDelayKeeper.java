package io.warden.server.lock;

import io.warden.protocol.command.Command;
import io.warden.protocol.command.EndLockDelay;
import io.warden.protocol.command.LockRecord;
import io.warden.server.raft.RaftNode;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends lock-delays on the leader's monotonic clock: when a delayed lock appears, the leader
 * proposes {@code EndLockDelay} once the delay has passed. A new leader restarts the full delay
 * for every delayed lock it finds, so a leader change can only lengthen a delay, never cut it.
 */
public final class LockDelayKeeper implements StateMachineListener {
  private static final Logger LOG = LoggerFactory.getLogger(LockDelayKeeper.class);

  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final ScheduledExecutorService scheduler;
  /** Bumped on every change of leadership, so timers of an earlier term do nothing. */
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean leading;

  public LockDelayKeeper(RaftNode raft, WardenStateMachine stateMachine, ScheduledExecutorService scheduler) {
    this.raft = raft;
    this.stateMachine = stateMachine;
    this.scheduler = scheduler;
  }

  @Override
  public void onLeaderReady(long term) {
    long current = generation.incrementAndGet();
    leading = true;
    List<LockRecord> delayed = stateMachine.read(LockTable::all).stream().filter(LockRecord::getDelayed).toList();
    delayed.forEach(lock -> schedule(current, lock.getName(), lock.getLockDelayMillis()));
  }

  @Override
  public void onNotLeader() {
    leading = false;
    generation.incrementAndGet();
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    if (!leading) {
      return;
    }
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.LockDelayStarted started) {
        LOG.info("Lock {} lost its holder to session expiry: no grant for its lock-delay of {} ms",
            started.name(), started.delayMillis());
        schedule(generation.get(), started.name(), started.delayMillis());
      }
    }
  }

  private void schedule(long scheduledIn, String name, long delayMillis) {
    scheduler.schedule(() -> {
      if (generation.get() != scheduledIn) {
        return; // leadership changed since: the new leader restarts the delay itself
      }
      Command end = Command.newBuilder().setEndLockDelay(EndLockDelay.newBuilder().setName(name)).build();
      raft.submitInternal(end).whenComplete((result, failure) -> {
        if ((failure != null || result.hasError()) && generation.get() == scheduledIn) {
          schedule(scheduledIn, name, 100); // no quorum right now: try again shortly
        }
      });
    }, delayMillis, TimeUnit.MILLISECONDS);
  }
}
