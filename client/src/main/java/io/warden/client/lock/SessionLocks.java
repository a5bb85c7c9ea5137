package io.warden.client.lock;

import io.warden.client.ProtocolMismatchException;
import io.warden.client.SessionExpiredException;
import io.warden.client.SessionState;
import io.warden.client.StaleTokenException;
import io.warden.client.UnknownWaiterException;
import io.warden.client.WardenUnavailableException;
import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.CancelReply;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LockGranted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's locks on the client: its acquisitions in flight, the grants it holds, and what
 * pushed grants and the session's end mean for them.
 *
 * <p><b>Internal API</b> behind {@link io.warden.client.WardenSession#lock}; applications use
 * {@link WardenLock} and {@link LockGrant}.
 *
 * <p>How it works:
 *
 * <ul>
 *   <li>Each lock name has a {@link LockSlot}: one acquisition in flight or one grant held at a
 *       time; further acquisitions through the same session queue locally.
 *   <li>An acquisition sends Acquire. GRANTED completes it; QUEUED makes it wait (on a future,
 *       never by polling) for the pushed {@code LockGranted} that {@link GrantTriage} matches to
 *       it.
 *   <li>Cancelling (timeout, interrupt, a cancelled future) sends Cancel for a queued waiter, or,
 *       when the Acquire is still in flight, waits for its reply to learn what to undo. A grant
 *       that raced with the cancel is released. No new Acquire for the lock is sent until that is
 *       done.
 *   <li>When the session ends, every acquisition fails at once with {@link
 *       SessionExpiredException}; grants then tell their listeners they are lost.
 * </ul>
 *
 * <p>Thread-safe: all state is guarded by {@code this}. Work that leaves the object (requests,
 * completing futures) is collected while the lock is held and done after it is released; user
 * futures complete on the completion executor, never on the thread that delivered an event.
 */
public final class SessionLocks {
  private static final Logger log = LoggerFactory.getLogger(SessionLocks.class);

  private final SessionView session;
  private final LockRpc rpc;
  private final Executor completions;
  private final Executor callbacks;
  private final Duration settleTimeout;

  // Guarded by this.
  private final Map<String, LockSlot> slots = new HashMap<>();
  private final Set<LockGrant> live = new LinkedHashSet<>();
  private boolean ended;

  /**
   * @param session the session these locks belong to
   * @param rpc sends the lock requests
   * @param completions completes user futures and runs request callbacks; never an I/O thread
   * @param callbacks the client's listener thread, for {@link LockGrantListener}s
   * @param settleTimeout how long a timed-out acquire waits for its waiter to be removed
   */
  public SessionLocks(
      SessionView session,
      LockRpc rpc,
      Executor completions,
      Executor callbacks,
      Duration settleTimeout) {
    this.session = Objects.requireNonNull(session, "session");
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.completions = Objects.requireNonNull(completions, "completions");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    this.settleTimeout = Objects.requireNonNull(settleTimeout, "settleTimeout");
  }

  /**
   * A handle on lock {@code name} for this session.
   *
   * @throws IllegalArgumentException if the name is empty, longer than 512 bytes of UTF-8 or not
   *     valid Unicode
   */
  public WardenLock lock(String name, LockMode mode) {
    return new WardenLock(this, LockNames.requireValid(name), Objects.requireNonNull(mode, "mode"));
  }

  /**
   * Handles a pushed {@code LockGranted} for this session. Runs on the transport's event thread;
   * never blocks.
   */
  public void onGranted(LockGranted event) {
    PushedGrant push = PushedGrant.of(event);
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (ended) {
        return;
      }
      LockSlot slot = slots.get(push.name());
      GrantTriage.Verdict verdict = GrantTriage.triage(slot, push);
      log.debug("Session {}: pushed grant {} is {}", session.id(), push, verdict);
      switch (verdict) {
        case DUPLICATE, STALE -> {}
        case HOLD_FOR_REPLY -> slot.active.pushedWhileSending.add(push);
        case GRANTS_WAITER -> granted(slot, slot.active, push.token(), after);
        case RACED_WITH_CANCEL ->
            slot.active.racedToken = Math.max(slot.active.racedToken, push.token());
        case ORPHAN -> {
          LockSlot target = slot != null ? slot : slots.computeIfAbsent(push.name(), LockSlot::new);
          log.debug(
              "Session {} was granted lock \"{}\" (token {}) but nothing here waits for it;"
                  + " releasing it",
              session.id(),
              push.name(),
              push.token());
          releaseToken(target, push.token(), true, after);
        }
      }
    }
    runAll(after);
  }

  /**
   * The session ended: fails every acquisition at once. Called by the lease's observer on the
   * thread that ended it; never blocks.
   */
  public void sessionEnded() {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      for (LockSlot slot : slots.values()) {
        for (Acquisition waiting : slot.waiting) {
          endWithFailure(waiting, ended(waiting.name), after);
        }
        slot.waiting.clear();
        if (slot.active != null) {
          endWithFailure(slot.active, ended(slot.name), after);
          slot.active = null;
        }
      }
      slots.clear();
    }
    runAll(after);
  }

  /**
   * Tells the listeners of every grant held of a session state change. Runs on the client's
   * listener thread; after EXPIRED the grants are forgotten.
   */
  public void onStateChange(SessionState previous, SessionState current) {
    List<LockGrant> grants;
    synchronized (this) {
      grants = List.copyOf(live);
      if (current == SessionState.EXPIRED) {
        live.clear();
      }
    }
    for (LockGrant grant : grants) {
      grant.deliver(previous, current);
    }
  }

  // ---- for WardenLock and LockGrant ----

  /** The session's id. */
  long sessionId() {
    return session.id();
  }

  SessionView session() {
    return session;
  }

  Executor callbacks() {
    return callbacks;
  }

  Duration settleTimeout() {
    return settleTimeout;
  }

  /**
   * Starts acquiring {@code name}. The returned acquisition's {@link Acquisition#result} completes
   * with the grant ({@code null} for a try-acquire that found the lock busy) or fails.
   *
   * @param blocking the caller will block on the result and hand it to nobody: refuse if its
   *     thread already holds the lock through this session, which would wait forever, and complete
   *     the result on the thread that learns the answer
   * @throws IllegalStateException if {@code blocking} and the calling thread holds the lock already
   */
  Acquisition begin(
      String name, LockMode mode, boolean wait, long lockDelayMillis, boolean blocking) {
    Acquisition acquisition = new Acquisition(name, mode, wait, lockDelayMillis, blocking);
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      LockSlot existing = slots.get(name);
      if (blocking
          && existing != null
          && existing.held != null
          && existing.held.acquiredBy() == Thread.currentThread()) {
        throw new IllegalStateException(
            String.format(
                "this thread already holds lock \"%s\" through session %d (token %d), and Warden"
                    + " locks are not re-entrant: use the grant it has, or close it before"
                    + " acquiring again",
                name, session.id(), existing.held.token()));
      }
      if (ended || !session.isValid()) {
        endWithFailure(acquisition, ended(name), after);
      } else if (!wait && existing != null && !existing.idle()) {
        // Another use of the lock by this session: busy, as far as this caller is concerned.
        acquisition.phase = Acquisition.Phase.DONE;
        succeed(acquisition, null, after);
      } else {
        LockSlot slot = existing != null ? existing : slots.computeIfAbsent(name, LockSlot::new);
        slot.waiting.add(acquisition);
        pump(slot, after);
      }
    }
    acquisition.result.whenComplete((grant, error) -> onResultCompleted(acquisition, grant));
    runAll(after);
    return acquisition;
  }

  /**
   * Cancels {@code acquisition}: removes it from the local queue, or its waiter from the lock's
   * queue, releasing a grant that raced with the removal.
   *
   * @return {@link Acquisition#settled}: the grant if the acquisition had already been granted when
   *     the cancel took effect (the caller may keep it), otherwise {@code null} once nothing of it
   *     is left in flight
   */
  CompletableFuture<LockGrant> cancel(Acquisition acquisition) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      cancelLocked(acquisition, after);
    }
    runAll(after);
    return acquisition.settled;
  }

  /**
   * Gives up on {@code acquisition} because its caller will not take the grant (interrupted):
   * cancels it, and releases the grant if it had already been granted.
   */
  void abandon(Acquisition acquisition) {
    cancel(acquisition)
        .thenAccept(
            grant -> {
              if (grant != null) {
                release(grant);
              }
            });
  }

  /**
   * Releases {@code grant} (idempotent: every call returns the same future). The future completes
   * when the cluster has released it, and fails with the cluster's answer (e.g. {@code
   * StaleTokenException}) or the request's failure otherwise. After the session ended it fails at
   * once with {@link SessionExpiredException}: the lock went with the session.
   */
  CompletableFuture<Void> release(LockGrant grant) {
    List<Runnable> after = new ArrayList<>();
    CompletableFuture<Void> done;
    synchronized (this) {
      if (grant.releaseFuture != null) {
        return grant.releaseFuture;
      }
      grant.markReleased();
      live.remove(grant);
      LockSlot slot = slots.get(grant.name());
      if (slot != null && slot.held == grant) {
        slot.held = null;
      }
      if (ended || !session.isValid()) {
        log.debug(
            "Not releasing lock \"{}\" (token {}): session {} has ended, and with it the grant",
            grant.name(),
            grant.token(),
            session.id());
        done = CompletableFuture.failedFuture(new SessionExpiredException("session " + session.id()
            + " has ended, and lock \"" + grant.name() + "\" (token " + grant.token() + ") with it"));
        if (slot != null) {
          pump(slot, after);
        }
      } else {
        LockSlot target = slot != null ? slot : slots.computeIfAbsent(grant.name(), LockSlot::new);
        done = releaseToken(target, grant.token(), false, after);
      }
      grant.releaseFuture = done;
    }
    runAll(after);
    return done;
  }

  // ---- the acquisition's life; callers hold the lock and run `after` once they release it ----

  /** Starts the slot's next acquisition if it is free; drops the slot if nothing is left in it. */
  private void pump(LockSlot slot, List<Runnable> after) {
    if (!slot.busy() && !slot.waiting.isEmpty()) {
      Acquisition next = slot.waiting.poll();
      slot.active = next;
      next.phase = Acquisition.Phase.SENDING;
      after.add(() -> sendAcquire(next));
    }
    if (slot.idle()) {
      slots.remove(slot.name, slot);
    }
  }

  private void sendAcquire(Acquisition acquisition) {
    call(
            () ->
                rpc.acquire(
                    session.id(),
                    acquisition.name,
                    acquisition.mode,
                    acquisition.wait,
                    acquisition.lockDelayMillis))
        .whenComplete((reply, error) -> onAcquireReply(acquisition, reply, unwrap(error)));
  }

  private void onAcquireReply(Acquisition acquisition, AcquireReply reply, Throwable error) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (acquisition.phase != Acquisition.Phase.SENDING) {
        return; // the session ended meanwhile
      }
      LockSlot slot = slots.get(acquisition.name);
      if (error != null) {
        if (error instanceof WardenUnavailableException) {
          log.debug(
              "Acquire of lock \"{}\" by session {} has an unknown outcome ({}); should the"
                  + " session be granted the lock later, it is released then",
              acquisition.name,
              session.id(),
              error.getMessage());
        }
        slot.active = null;
        endWithFailure(acquisition, error, after);
        releaseUnclaimed(slot, acquisition, after);
        pump(slot, after);
      } else {
        switch (reply.getOutcome()) {
          case GRANTED -> granted(slot, acquisition, reply.getToken(), after);
          case QUEUED -> queued(slot, acquisition, reply.getWaiterId(), after);
          case BUSY -> {
            slot.active = null;
            acquisition.phase = Acquisition.Phase.DONE;
            succeed(acquisition, null, after);
            releaseUnclaimed(slot, acquisition, after);
            pump(slot, after);
          }
          default -> {
            slot.active = null;
            endWithFailure(
                acquisition,
                new ProtocolMismatchException(
                    ErrorCode.UNSUPPORTED,
                    "the server answered Acquire with outcome "
                        + reply.getOutcome()
                        + "; run compatible client and server versions"),
                after);
            releaseUnclaimed(slot, acquisition, after);
            pump(slot, after);
          }
        }
      }
    }
    runAll(after);
  }

  /**
   * Grants pushed while an acquisition's request was in flight, which it ended without taking (it
   * failed, or found the lock busy): nothing else waits for them, so they are orphans.
   */
  private void releaseUnclaimed(LockSlot slot, Acquisition acquisition, List<Runnable> after) {
    for (PushedGrant push : acquisition.pushedWhileSending) {
      if (!slot.releasing.contains(push.token())) {
        releaseToken(slot, push.token(), true, after);
      }
    }
    acquisition.pushedWhileSending.clear();
  }

  private void queued(LockSlot slot, Acquisition acquisition, long waiterId, List<Runnable> after) {
    acquisition.waiterId = waiterId;
    long pushedToken = 0;
    for (PushedGrant push : acquisition.pushedWhileSending) {
      if (GrantTriage.belongsTo(waiterId, push)) {
        pushedToken = Math.max(pushedToken, push.token());
      }
    }
    acquisition.pushedWhileSending.clear();
    if (pushedToken > 0) {
      granted(slot, acquisition, pushedToken, after); // the grant overtook the reply
    } else if (acquisition.cancelRequested || !acquisition.wait) {
      // A try-acquire must not stay queued (a server that queues it anyway gets a Cancel).
      acquisition.cancelRequested = true;
      acquisition.phase = Acquisition.Phase.CANCELLING;
      after.add(() -> sendCancel(acquisition));
    } else {
      acquisition.phase = Acquisition.Phase.QUEUED;
    }
  }

  /** The cluster granted {@code acquisition} the lock with {@code token}. */
  private void granted(LockSlot slot, Acquisition acquisition, long token, List<Runnable> after) {
    slot.active = null;
    acquisition.phase = Acquisition.Phase.DONE;
    if (acquisition.cancelRequested) {
      // Cancelled while the reply or the push was on its way: the caller no longer wants it.
      answer(acquisition, null, after);
      releaseToken(slot, token, false, after)
          .whenComplete((v, e) -> acquisition.settled.complete(null));
      return;
    }
    if (!session.isValid()) { // the session ended as the grant arrived: it is worth nothing
      endWithFailure(acquisition, ended(acquisition.name), after);
      pump(slot, after);
      return;
    }
    LockGrant grant = new LockGrant(this, acquisition.name, acquisition.mode, token);
    acquisition.grant = grant;
    slot.held = grant;
    live.add(grant);
    succeed(acquisition, grant, after);
  }

  private void cancelLocked(Acquisition acquisition, List<Runnable> after) {
    switch (acquisition.phase) {
      case LOCAL -> {
        LockSlot slot = slots.get(acquisition.name);
        if (slot != null) {
          slot.waiting.remove(acquisition);
          pump(slot, after);
        }
        acquisition.phase = Acquisition.Phase.DONE;
        after.add(() -> acquisition.settled.complete(null));
      }
      case SENDING -> acquisition.cancelRequested = true; // the reply says what to undo
      case QUEUED -> {
        acquisition.phase = Acquisition.Phase.CANCELLING;
        after.add(() -> sendCancel(acquisition));
      }
      case CANCELLING, DONE -> {
        return;
      }
    }
    after.add(() -> acquisition.result.cancel(false));
  }

  private void sendCancel(Acquisition acquisition) {
    call(() -> rpc.cancel(session.id(), acquisition.name, acquisition.waiterId))
        .whenComplete((reply, error) -> onCancelReply(acquisition, reply, unwrap(error)));
  }

  private void onCancelReply(Acquisition acquisition, CancelReply reply, Throwable error) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      if (acquisition.phase != Acquisition.Phase.CANCELLING) {
        return; // the session ended meanwhile
      }
      LockSlot slot = slots.get(acquisition.name);
      slot.active = null;
      acquisition.phase = Acquisition.Phase.DONE;
      long raced = racedToken(acquisition, reply, error);
      answer(acquisition, null, after); // a try-acquire that was queued: busy
      if (raced > 0) {
        log.debug(
            "Lock \"{}\" was granted to session {} (token {}) as its waiter {} was cancelled;"
                + " releasing it",
            acquisition.name,
            session.id(),
            raced,
            acquisition.waiterId);
        releaseToken(slot, raced, false, after)
            .whenComplete((v, e) -> acquisition.settled.complete(null));
      } else {
        after.add(() -> acquisition.settled.complete(null));
        pump(slot, after);
      }
    }
    runAll(after);
  }

  /** The token of a grant that raced with the cancel of {@code acquisition}, or 0 if none. */
  private long racedToken(Acquisition acquisition, CancelReply reply, Throwable error) {
    if (error == null) {
      if (reply.getRemoved()) {
        return 0;
      }
      return reply.getToken() > 0 ? reply.getToken() : acquisition.racedToken;
    }
    if (error instanceof SessionExpiredException) {
      return 0; // the session is gone, and everything it held with it
    }
    if (!(error instanceof UnknownWaiterException)) {
      log.warn(
          "Could not cancel waiter {} of session {} on lock \"{}\" ({}); should the cluster grant"
              + " it later, this client releases the grant as soon as it hears of it",
          acquisition.waiterId,
          session.id(),
          acquisition.name,
          error.getMessage());
    }
    return acquisition.racedToken;
  }

  /**
   * Sends a Release of {@code token}, keeping the slot busy until it is answered. The future
   * completes then, never failing.
   *
   * @param expectStale an orphaned push: the grant may well be released already (a late
   *     duplicate), so a STALE_TOKEN answer is no news, while success is
   */
  private CompletableFuture<Void> releaseToken(
      LockSlot slot, long token, boolean expectStale, List<Runnable> after) {
    slot.releasing.add(token);
    CompletableFuture<Void> done = new CompletableFuture<>();
    after.add(
        () ->
            call(() -> rpc.release(session.id(), slot.name, token))
                .whenComplete(
                    (v, error) -> {
                      Throwable cause = unwrap(error);
                      logRelease(slot.name, token, cause, expectStale);
                      onReleased(slot, token);
                      if (cause == null) {
                        done.complete(null);
                      } else {
                        done.completeExceptionally(cause);
                      }
                    }));
    return done;
  }

  private void onReleased(LockSlot slot, long token) {
    List<Runnable> after = new ArrayList<>();
    synchronized (this) {
      slot.releasing.remove(token);
      if (!ended) {
        pump(slot, after);
      }
    }
    runAll(after);
  }

  private void logRelease(String name, long token, Throwable error, boolean expectStale) {
    long id = session.id();
    if (error == null && expectStale) {
      log.info(
          "Released lock \"{}\" (token {}), which session {} had been granted though nothing of"
              + " this client waited for it any more (an acquire or cancel whose outcome was"
              + " unknown)",
          name,
          token,
          id);
    } else if (error == null) {
      log.debug("Session {} released lock \"{}\" (token {})", id, name, token);
    } else if (error instanceof StaleTokenException) {
      if (expectStale) {
        log.debug("Lock \"{}\" token {} was already released", name, token);
      } else {
        log.warn(
            "Lock \"{}\" (token {}) was no longer held by session {} when it was released: it had"
                + " been lost before. Check that the work done under it was fenced by its token",
            name,
            token,
            id);
      }
    } else if (error instanceof SessionExpiredException) {
      log.debug("Lock \"{}\" (token {}) went with session {}, which has ended", name, token, id);
    } else {
      log.warn(
          "Could not release lock \"{}\" (token {}) of session {}: {}. It stays held until the"
              + " session ends (close it to release everything at once), or until the lock is"
              + " acquired and released again through this session",
          name,
          token,
          id,
          error.getMessage());
    }
  }

  /** When the result completes, from here or by the user: undo what the caller will not take. */
  private void onResultCompleted(Acquisition acquisition, LockGrant delivered) {
    List<Runnable> after = new ArrayList<>();
    LockGrant undelivered = null;
    synchronized (this) {
      if (acquisition.phase != Acquisition.Phase.DONE) {
        cancelLocked(acquisition, after); // cancelled or completed by the user
      } else if (acquisition.grant != null && acquisition.grant != delivered) {
        undelivered = acquisition.grant; // granted, but the future was cancelled first
      }
    }
    runAll(after);
    if (undelivered != null) {
      release(undelivered);
    }
  }

  // ---- helpers ----

  /** Completes the acquisition with nothing left in flight: a grant, or busy ({@code null}). */
  private void succeed(Acquisition acquisition, LockGrant grant, List<Runnable> after) {
    answer(acquisition, grant, after);
    after.add(() -> acquisition.settled.complete(grant));
  }

  /** Completes the caller's future only; {@code settled} follows when in-flight work is done. */
  private void answer(Acquisition acquisition, LockGrant grant, List<Runnable> after) {
    after.add(() -> complete(acquisition, () -> acquisition.result.complete(grant)));
  }

  private void endWithFailure(Acquisition acquisition, Throwable error, List<Runnable> after) {
    acquisition.phase = Acquisition.Phase.DONE;
    after.add(() -> complete(acquisition, () -> acquisition.result.completeExceptionally(error)));
    after.add(() -> acquisition.settled.complete(null));
  }

  /**
   * Completes the caller's future. One that user code holds completes on the completion executor
   * ({@link #dispatch}). A blocking acquire's future is waited on by its caller alone (and by this
   * object's own {@code whenComplete}, which holds the lock only briefly), so it completes here:
   * that wakes the caller and spares every blocking acquire one thread hand-off on its way.
   */
  private void complete(Acquisition acquisition, Runnable completion) {
    if (acquisition.callerBlocks) {
      completion.run();
    } else {
      dispatch(completion);
    }
  }

  private SessionExpiredException ended(String name) {
    return new SessionExpiredException(
        String.format(
            "session %d ended (it expired or was closed) before lock \"%s\" was granted; whatever"
                + " the session held is released by the cluster: create a new session and acquire"
                + " again",
            session.id(), name));
  }

  /** Completes a user-visible future off the calling thread (an event or timer thread). */
  private void dispatch(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // the client is closing: completing here beats leaving a caller waiting
    }
  }

  private static <T> CompletableFuture<T> call(
      java.util.function.Supplier<CompletableFuture<T>> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void runAll(List<Runnable> actions) {
    for (Runnable action : actions) {
      action.run();
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  @Override
  public synchronized String toString() {
    return "SessionLocks[session " + session.id() + ", " + slots.values() + "]";
  }
}
