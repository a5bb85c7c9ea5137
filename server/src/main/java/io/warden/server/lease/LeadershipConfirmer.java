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
 * <p>Not Ratis's ReadIndex: in 3.3.0 it may answer without a new heartbeat round on a deposed
 * leader that has not stepped down yet (notes/RATIS.md §2.7).
 */
public final class LeadershipConfirmer {
  private static final Command MARKER = Command.newBuilder().setMarker(LeadershipMarker.getDefaultInstance()).build();

  /**
   * The shortest time between two markers when a read waits. Back-to-back markers (0) confirmed
   * about three reads each and spent the CPU on markers: 16 readers got ~2,100 lookups/s; 4 ms
   * gave ~2,950/s at a lower p50, 8 ms ~1,800/s (warden-bench --workload ownership, 2 cores).
   */
  private static final long READ_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
  private final RaftNode raft;
  private final ScheduledExecutorService scheduler;
  private final long minIntervalNanos;
  private final LongAdder markersProposed = new LongAdder();

  private final Object lock = new Object();
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private boolean markerInFlight;
  private boolean promptWaiting;
  private boolean timerArmed;
  private long lastProposalNanos;

  /**
   * @param minInterval the shortest time between two markers: a bound on the entries per second
   *                    keepalives can cost, at the price of that much extra latency
   */
  public LeadershipConfirmer(RaftNode raft, ScheduledExecutorService scheduler, Duration minInterval) {
    this.raft = raft;
    this.scheduler = scheduler;
    this.minIntervalNanos = minInterval.toNanos();
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
   * Like {@link #confirm()}, but the next marker goes out at most 4 ms after the last, whatever
   * the interval. For linearizable reads, whose latency is the marker's.
   */
  public CompletableFuture<Void> confirmPromptly() {
    return enqueue(true);
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
    lastProposalNanos = System.nanoTime();
    markersProposed.increment();
    raft.submitInternal(MARKER).whenComplete((result, failure) -> onMarkerDone(batch, result, failure));
  }

  private void onTimer() {
    synchronized (lock) {
      timerArmed = false;
      proposeIfDue();
    }
  }

  private void onMarkerDone(List<CompletableFuture<Void>> batch, CommandResult result, Throwable failure) {
    if (failure == null && !result.hasError()) {
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
