package io.warden.client.lock;

import io.warden.client.SessionExpiredException;
import io.warden.client.SessionState;
import io.warden.client.WardenException;
import io.warden.client.WardenInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock held by a session: proof of the grant, with its fencing token. Close it to release the
 * lock.
 *
 * <pre>{@code
 * try (LockGrant grant = session.lock("orders").acquire(Duration.ofSeconds(5))) {
 *   storage.write(record, grant.token());   // the storage rejects tokens older than one it has
 * seen }
 * }</pre>
 *
 * <p><b>Holding is a lease, not a certainty.</b> The grant lasts as long as its session: if the
 * session's keepalives stop being acknowledged (a partition, a long GC pause), the cluster expires
 * the session and gives the lock to someone else. Check {@link #isValid()} before each side effect,
 * listen for trouble with {@link #addListener}, and stamp every write with {@link #token()} so that
 * the resource itself can reject a write from a holder that has lost the lock (see {@link
 * io.warden.client.fencing.FencingGuard}).
 *
 * <p>Thread-safe.
 */
public final class LockGrant implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LockGrant.class);

  private final SessionLocks locks;
  private final String name;
  private final LockMode mode;
  private final long token;
  private volatile boolean released;
  private volatile Thread acquiredBy;

  /** Set once by {@link SessionLocks#release}; guarded by that object. */
  CompletableFuture<Void> releaseFuture;

  // Guarded by this.
  private final List<LockGrantListener> listeners = new ArrayList<>();
  private boolean lossDelivered;
  private SessionState stateBeforeLoss;

  LockGrant(SessionLocks locks, String name, LockMode mode, long token) {
    this.locks = locks;
    this.name = name;
    this.mode = mode;
    this.token = token;
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /** The mode the lock is held in. */
  public LockMode mode() {
    return mode;
  }

  /**
   * The fencing token: the log index of the grant. Every exclusive grant of a lock has a greater
   * token than the one before, across leader changes and restarts, so a resource that remembers the
   * highest token it has seen can reject writes from an earlier holder.
   */
  public long token() {
    return token;
  }

  /** The id of the session that holds the grant. */
  public long sessionId() {
    return locks.sessionId();
  }

  /**
   * Whether the grant can be trusted now: it has not been released and its session is valid (not
   * expired, and its local lease deadline has not passed).
   */
  public boolean isValid() {
    return !released && locks.session().isValid();
  }

  /**
   * The session's local lease deadline on the {@link System#nanoTime()} scale: until then the
   * cluster cannot have given the lock to anyone else. Compare with {@code deadlineNanos() -
   * System.nanoTime() > 0}; it moves forward with every acknowledged keepalive.
   */
  public long deadlineNanos() {
    return locks.session().deadlineNanos();
  }

  /**
   * Registers {@code listener} for the grant's jeopardy, recovery and loss (the session's
   * SUSPENDED, CONNECTED-again and EXPIRED transitions) from now on, until the grant is released.
   * If the grant has already been lost, the listener is told so at once (on the listener thread).
   */
  public void addListener(LockGrantListener listener) {
    Objects.requireNonNull(listener, "listener");
    boolean alreadyLost;
    SessionState before;
    synchronized (this) {
      listeners.add(listener);
      alreadyLost = lossDelivered;
      before = stateBeforeLoss;
    }
    if (alreadyLost) {
      try {
        locks.callbacks().execute(() -> tell(listener, before, SessionState.EXPIRED));
      } catch (RejectedExecutionException e) {
        log.debug("Client closed; not telling {} that lock \"{}\" was lost", listener, name);
      }
    }
  }

  /** Unregisters {@code listener}; a notification already under way may still reach it. */
  public synchronized void removeListener(LockGrantListener listener) {
    listeners.remove(listener);
  }

  /**
   * Releases the lock and reports how that went, waiting for the cluster's answer (at most the
   * client's request timeout). Idempotent: a second call reports the first call's outcome. Use it
   * where the outcome matters (an audit trail, a test harness); {@link #close()} does the same
   * without throwing.
   *
   * @throws io.warden.client.StaleTokenException if the cluster had already taken the lock from
   *     this grant: it was lost before (check that the work done under it was fenced by its token)
   * @throws SessionExpiredException if the session had ended, and the lock with it
   * @throws io.warden.client.WardenUnavailableException if the cluster could not be reached; the
   *     lock stays held until the session ends
   * @throws WardenInterruptedException if interrupted while waiting (the release goes on)
   */
  public void release() {
    try {
      locks.release(this).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WardenInterruptedException("interrupted while releasing lock \"" + name + "\" (token "
          + token + "); the release goes on", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WardenException warden) {
        throw warden;
      }
      throw new IllegalStateException("releasing lock \"" + name + "\" failed unexpectedly", e.getCause());
    }
  }

  /**
   * Releases the lock like {@link #release()}, but never throws: the outcome is logged (WARN when
   * the lock could not be released or had been lost). After the session ended it does nothing.
   */
  @Override
  public void close() {
    try {
      release();
    } catch (WardenException e) {
      log.debug("Release of lock \"{}\" (token {}) ended with: {}", name, token, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "LockGrant[" + name + ", " + mode + ", token " + token + ", session " + sessionId()
        + (released ? ", released" : "") + "]";
  }

  /** The thread that took this grant from a blocking acquire, if any. */
  Thread acquiredBy() {
    return acquiredBy;
  }

  void acquiredBy(Thread thread) {
    acquiredBy = thread;
  }

  /** Called by {@link SessionLocks#release} under its lock. */
  void markReleased() {
    released = true;
  }

  /** Tells the listeners of a session state change; on the listener thread. */
  void deliver(SessionState previous, SessionState current) {
    List<LockGrantListener> snapshot;
    synchronized (this) {
      if (released) {
        return;
      }
      if (current == SessionState.EXPIRED) {
        lossDelivered = true;
        stateBeforeLoss = previous;
      }
      snapshot = List.copyOf(listeners);
    }
    for (LockGrantListener listener : snapshot) {
      tell(listener, previous, current);
    }
  }

  private void tell(LockGrantListener listener, SessionState previous, SessionState current) {
    try {
      listener.onStateChange(this, previous, current);
    } catch (RuntimeException e) {
      log.warn(
          "Listener {} of lock \"{}\" failed on {} -> {}", listener, name, previous, current, e);
    }
  }
}
