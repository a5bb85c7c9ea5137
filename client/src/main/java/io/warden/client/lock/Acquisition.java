package io.warden.client.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One call to acquire a lock, from the moment it is asked for until it no longer affects the
 * cluster.
 *
 * <p>Phases: {@code LOCAL} (queued behind another use of the same lock by the same session), {@code
 * SENDING} (the Acquire request is in flight), {@code QUEUED} (the cluster queued it as waiter
 * {@link #waiterId}; a pushed grant completes it), {@code CANCELLING} (a Cancel for that waiter is
 * in flight), {@code DONE}. A cancel asked for while SENDING is remembered in {@link
 * #cancelRequested} and acted on when the reply tells what there is to undo.
 *
 * <p>Not thread-safe: every field is guarded by the owning {@link SessionLocks}.
 */
final class Acquisition {

  enum Phase {
    LOCAL,
    SENDING,
    QUEUED,
    CANCELLING,
    DONE
  }

  final String name;
  final LockMode mode;
  /** False for a try-acquire: BUSY completes {@link #result} with {@code null}. */
  final boolean wait;

  final long lockDelayMillis;

  /**
   * The caller blocks on {@link #result} and never hands it to other code, so completing it on the
   * thread that learned the answer only wakes that caller (see {@code SessionLocks#complete}).
   */
  final boolean callerBlocks;

  /**
   * What the caller waits for: the grant; {@code null} when a try-acquire found the lock busy; or
   * the failure. Cancelled when the acquisition is cancelled.
   */
  final CompletableFuture<LockGrant> result = new CompletableFuture<>();

  /**
   * Completes once nothing of this acquisition is left in flight: with the grant if it ended
   * holding one, otherwise with {@code null} (removed, failed, or a raced grant released). Never
   * fails.
   */
  final CompletableFuture<LockGrant> settled = new CompletableFuture<>();

  Phase phase = Phase.LOCAL;
  boolean cancelRequested;
  long waiterId;
  /** A grant pushed for this waiter while its cancel was in flight. */
  long racedToken;
  /** Grants pushed for this lock while the Acquire was in flight, to match once it is answered. */
  final List<PushedGrant> pushedWhileSending = new ArrayList<>(1);

  LockGrant grant;

  Acquisition(String name, LockMode mode, boolean wait, long lockDelayMillis, boolean callerBlocks) {
    this.name = name;
    this.mode = mode;
    this.wait = wait;
    this.lockDelayMillis = lockDelayMillis;
    this.callerBlocks = callerBlocks;
  }

  @Override
  public String toString() {
    return "Acquisition[" + name + " " + mode + ", " + phase + ", waiter " + waiterId + "]";
  }
}
