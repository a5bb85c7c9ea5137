package io.warden.server.lease;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.LeadershipMarker;
import io.warden.server.raft.RaftNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Proves, in batches, that this server still leads. Each {@link #confirm()} completes once a
 * marker entry proposed <em>after</em> the call has committed: that commit needs a majority to
 * accept an entry of this leader's term, which no deposed leader gets. One marker confirms every
 * caller that arrived before it was proposed, so the cost is one small entry per round however
 * many keepalives or reads wait (and none when nothing waits).
 *
 * <p>Two kinds of callers: keepalives ({@link #confirm()}) wait for the next marker at most every
 * {@code minInterval}, which bounds what renewals cost; reads ({@link #confirmPromptly()}) have a
 * client waiting on them, so a batch holding one is proposed once no marker is in flight and 4 ms
 * (or {@code minInterval}, if shorter) have passed since the last.
 * Either way at most one marker is in flight, and everyone who arrives meanwhile shares the next.
 *
 * <p><b>Read lease.</b> A committed marker proposed at time T also proves that no other leader can
 * exist until T + the minimum election timeout: the follower that accepted it heard from this
 * leader after T, and until its own timeout has passed since then it refuses the pre-votes any
 * candidate needs first (Ratis pre-vote is on by default; a leader refuses them too while it still
 * leads). So for {@code lease} (half that timeout, for clock-rate margin) after T,
 * {@link #confirmPromptly()} completes at once, and a marker renews the lease in the background
 * once half of it has gone. Pauses do not break it: the lease runs on {@code System.nanoTime},
 * which counts through SIGSTOP and GC. What Ratis lets elect a leader without pre-vote —
 * leadership transfer, and configuration changes — runs inside {@link #withoutLease}, which ends
 * the lease and keeps markers proposed meanwhile from granting a new one. Keepalives still wait for
 * a marker: renewing sessions is what markers batch best, and it keeps their proof independent of
 * timing. This departs from DESIGN §8 (a majority round per read batch): linearizable reads now
 * rest on clock rates within 2× of each other, as session leases do; {@code warden.read.lease=0ms}
 * gives §8's behaviour back, at a tenth of the read throughput.
 *
 * <p>Not Ratis's ReadIndex or its leader lease: when the lease has lapsed, its ReadIndex may answer
 * without a new heartbeat round on a deposed leader that has not stepped down yet (notes/RATIS.md
 * §2.7).
 */
public final class LeadershipConfirmer {
  private static final Command MARKER = Command.newBuilder().setMarker(LeadershipMarker.getDefaultInstance()).build();

  /**
   * The shortest time between two markers when a read waits. Back-to-back markers (0) confirmed
   * about three reads each and spent the CPU on markers: 16 readers got ~2,100 lookups/s; 4 ms
   * gave ~2,950/s at a lower p50, 8 ms ~1,800/s (warden-bench --workload ownership, 2 cores).
   */
  private static final long READ_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
  private static final CompletableFuture<Void> CONFIRMED = CompletableFuture.completedFuture(null);

  private final RaftNode raft;
  private final ScheduledExecutorService scheduler;
  private final long minIntervalNanos;
  private final long leaseNanos;
  private final LongAdder markersProposed = new LongAdder();
  private final LongAdder leaseReads = new LongAdder();

  private final Object lock = new Object();
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private boolean markerInFlight;
  private boolean promptWaiting;
  private boolean timerArmed;
  private long lastProposalNanos;
  /** The lease: proposal time and term of the newest committed marker that may ground one. */
  private boolean leaseHeld;
  private long leaseFromNanos;
  private long leaseTerm;
  /** Operations running that could elect another leader without pre-vote: no lease meanwhile. */
  private int leaseSuspensions;
  /** Bumped by each suspension: a marker proposed before it grants no lease. */
  private long leaseGeneration;

  /**
   * @param minInterval the shortest time between two markers: a bound on the entries per second
   *                    keepalives can cost, at the price of that much extra latency
   * @param lease how long after a committed marker's proposal no other leader can exist, with
   *              margin; zero turns read leases off
   */
  public LeadershipConfirmer(RaftNode raft, ScheduledExecutorService scheduler, Duration minInterval,
                             Duration lease) {
    this.raft = raft;
    this.scheduler = scheduler;
    this.minIntervalNanos = minInterval.toNanos();
    this.leaseNanos = lease.toNanos();
    this.lastProposalNanos = System.nanoTime() - minIntervalNanos;
  }

  /**
   * Completes when leadership is proven after this call, by a marker at most every
   * {@code minInterval}; fails with {@link LeadershipLostException}. For keepalives.
   */
  public CompletableFuture<Void> confirm() {
    return enqueue(false);
  }

  /**
   * Like {@link #confirm()}, but completes at once while the read lease holds, and otherwise the
   * next marker goes out at most 4 ms after the last, whatever the interval. For linearizable
   * reads and for re-sending state, which have a client waiting.
   */
  public CompletableFuture<Void> confirmPromptly() {
    synchronized (lock) {
      long now = System.nanoTime();
      if (leaseHeld && leaseSuspensions == 0 && now - leaseFromNanos < leaseNanos
          && raft.isLeaderReady() && raft.currentTerm() == leaseTerm) {
        leaseReads.increment();
        if (now - leaseFromNanos > leaseNanos / 2 && waiting.isEmpty()) {
          waiting.add(new CompletableFuture<>()); // renew in the background: nobody waits on it
          promptWaiting = true;
          proposeIfDue();
        }
        return CONFIRMED;
      }
    }
    return enqueue(true);
  }

  /**
   * Runs {@code operation} (a leadership transfer or a configuration change) with the read lease
   * ended until it completes: such operations elect leaders without the pre-vote the lease relies
   * on.
   */
  public <T> CompletableFuture<T> withoutLease(Supplier<CompletableFuture<T>> operation) {
    synchronized (lock) {
      leaseSuspensions++;
      leaseGeneration++;
      leaseHeld = false;
    }
    CompletableFuture<T> result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((value, failure) -> {
      synchronized (lock) {
        leaseSuspensions--;
      }
    });
  }

  /** Confirmations answered from the read lease, without waiting for a marker. */
  public long leaseConfirmations() {
    return leaseReads.sum();
  }

  private CompletableFuture<Void> enqueue(boolean prompt) {
    CompletableFuture<Void> confirmation = new CompletableFuture<>();
    synchronized (lock) {
      waiting.add(confirmation);
      promptWaiting |= prompt;
      proposeIfDue();
    }
    return confirmation;
  }

  /** How many markers this server proposed (for metrics and benchmarks). */
  public long markersProposed() {
    return markersProposed.sum();
  }

  private void proposeIfDue() {
    if (markerInFlight || waiting.isEmpty()) {
      return;
    }
    long spacing = promptWaiting ? Math.min(READ_SPACING_NANOS, minIntervalNanos) : minIntervalNanos;
    long wait = lastProposalNanos + spacing - System.nanoTime();
    if (wait > 0) {
      if (!timerArmed) {
        timerArmed = true;
        scheduler.schedule(this::onTimer, wait, TimeUnit.NANOSECONDS);
      }
      return;
    }
    List<CompletableFuture<Void>> batch = waiting;
    waiting = new ArrayList<>();
    promptWaiting = false;
    markerInFlight = true;
    long proposedAt = System.nanoTime();
    lastProposalNanos = proposedAt;
    long generation = leaseGeneration;
    long term = raft.currentTerm();
    markersProposed.increment();
    raft.submitInternal(MARKER).whenComplete((result, failure) ->
        onMarkerDone(batch, result, failure, proposedAt, generation, term));
  }

  private void onTimer() {
    synchronized (lock) {
      timerArmed = false;
      proposeIfDue();
    }
  }

  private void onMarkerDone(List<CompletableFuture<Void>> batch, CommandResult result, Throwable failure,
                            long proposedAt, long generation, long term) {
    if (failure == null && !result.hasError()) {
      synchronized (lock) {
        // Still the term it was proposed in: the argument needs a follower that accepted it from
        // this leader, and a term change means some election has run since.
        if (leaseNanos > 0 && generation == leaseGeneration && leaseSuspensions == 0
            && raft.currentTerm() == term && (!leaseHeld || proposedAt - leaseFromNanos > 0)) {
          leaseHeld = true;
          leaseFromNanos = proposedAt;
          leaseTerm = term;
        }
      }
      batch.forEach(f -> f.complete(null));
    } else {
      String why = failure != null ? failure.toString() : result.getError().getMessage();
      LeadershipLostException lost = new LeadershipLostException("could not confirm leadership: " + why);
      batch.forEach(f -> f.completeExceptionally(lost));
    }
    synchronized (lock) {
      markerInFlight = false;
      proposeIfDue();
    }
  }
}
