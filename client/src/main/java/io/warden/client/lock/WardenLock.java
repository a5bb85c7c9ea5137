package io.warden.client.lock;

import io.warden.client.WardenInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle on one named lock for one session ({@link io.warden.client.WardenSession#lock}): cheap,
 * immutable and reusable; acquiring returns a {@link LockGrant}, which releases the lock when
 * closed.
 *
 * <pre>{@code
 * WardenLock lock = session.lock("orders");
 * try (LockGrant grant = lock.acquire(Duration.ofSeconds(5))) {
 *   ... work, stamped with grant.token() ...
 * } catch (LockTimeoutException e) {
 *   ... somebody else held it for 5 s ...
 * }
 * }</pre>
 *
 * <p>Waiting never polls: a queued acquire is woken by the grant the cluster pushes to this client
 * (DESIGN §6), and only that waiter is told.
 *
 * <p><b>One use per session.</b> The cluster knows a session as a lock's holder at most once (it
 * answers a repeated acquire with the same grant). So the client lets one acquisition per session
 * and lock name proceed at a time; others through the same session (from other threads) queue
 * locally behind it, first come first served, and so exclude each other like any other contenders.
 * Locks are not re-entrant: a thread that holds a lock and blocks to acquire it again through the
 * same session gets {@link IllegalStateException} rather than waiting forever.
 *
 * <p><b>Errors</b> common to every acquire: {@link io.warden.client.SessionExpiredException} if the
 * session ends before the grant (at once, also while waiting); {@link
 * io.warden.client.LimitExceededException} if the lock has too many waiters or the session holds
 * too many locks; {@link io.warden.client.WardenUnavailableException} if the cluster cannot be
 * reached within the request timeout (the outcome is then unknown: should the session be granted
 * the lock later, the client releases it when it hears of the grant; acquiring again through the
 * session picks up a grant it already has; closing the session releases everything).
 *
 * <p>Thread-safe.
 */
public final class WardenLock {
  private final SessionLocks locks;
  private final String name;
  private final LockMode mode;
  private final Duration lockDelay;

  WardenLock(SessionLocks locks, String name, LockMode mode) {
    this(locks, name, mode, Duration.ZERO);
  }

  private WardenLock(SessionLocks locks, String name, LockMode mode, Duration lockDelay) {
    this.locks = locks;
    this.name = name;
    this.mode = mode;
    this.lockDelay = lockDelay;
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /** The mode this handle acquires in. */
  public LockMode mode() {
    return mode;
  }

  /** The lock-delay this handle asks for ({@link Duration#ZERO} unless set). */
  public Duration lockDelay() {
    return lockDelay;
  }

  /**
   * A handle that asks for a lock-delay (Chubby's): after a holder's session <em>expires</em> (not
   * after a clean release), the cluster keeps the lock ungranted for {@code delay}, giving a holder
   * that lost its session time to notice and stop before anyone else starts. Honoured only when the
   * acquire creates the lock, that is when nobody holds or waits for it; later acquires cannot
   * change it. Fencing tokens protect resources without it; the default is none.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public WardenLock withLockDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("lock-delay must not be negative, got " + delay);
    }
    return new WardenLock(locks, name, mode, delay);
  }

  /**
   * Acquires the lock, waiting as long as it takes.
   *
   * @throws io.warden.client.SessionExpiredException if the session ends first
   * @throws WardenInterruptedException if the thread is interrupted; the waiter is removed (and a
   *     grant that raced with the interrupt released)
   * @throws IllegalStateException if this thread already holds the lock through this session
   */
  public LockGrant acquire() {
    Acquisition acquisition = begin(true, true);
    try {
      return taken(acquisition.result.get());
    } catch (InterruptedException e) {
      throw interrupted(acquisition, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Acquires the lock, waiting at most {@code timeout}. A grant that arrives as the timeout passes,
   * before the waiter could be removed, is returned rather than thrown away.
   *
   * @param timeout how long to wait; zero tries once and then cancels (see {@link #tryAcquire()}
   *     for the cheaper way to do that)
   * @throws LockTimeoutException if the lock was not granted in time; the waiter has been removed
   *     and a grant that raced with the removal released
   * @throws io.warden.client.SessionExpiredException if the session ends first
   * @throws WardenInterruptedException if the thread is interrupted; the waiter is removed
   * @throws IllegalStateException if this thread already holds the lock through this session
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public LockGrant acquire(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    Acquisition acquisition = begin(true, true);
    try {
      return taken(acquisition.result.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return cancelAfterTimeout(acquisition, timeout);
    } catch (InterruptedException e) {
      throw interrupted(acquisition, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Acquires the lock if the cluster can grant it at once; never queues.
   *
   * @return the grant, or empty if the lock is held incompatibly (or being used through this
   *     session by another thread)
   * @throws io.warden.client.SessionExpiredException if the session has ended
   * @throws WardenInterruptedException if the thread is interrupted while the cluster answers
   */
  public Optional<LockGrant> tryAcquire() {
    Acquisition acquisition = begin(false, false);
    try {
      LockGrant grant = acquisition.result.get();
      return Optional.ofNullable(grant == null ? null : taken(grant));
    } catch (InterruptedException e) {
      throw interrupted(acquisition, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Acquires the lock asynchronously. The future completes with the grant on a client thread (never
   * an I/O thread), or fails with the exceptions {@link #acquire()} throws.
   *
   * <p>Cancelling the future (or completing it yourself, e.g. with {@code orTimeout}) gives up the
   * acquire: the waiter is removed from the lock's queue, and a grant that raced with the
   * cancellation is released.
   */
  public CompletableFuture<LockGrant> acquireAsync() {
    return begin(true, false).result;
  }

  @Override
  public String toString() {
    return "WardenLock[" + name + ", " + mode + ", session " + locks.sessionId() + "]";
  }

  private Acquisition begin(boolean wait, boolean blocking) {
    return locks.begin(name, mode, wait, lockDelay.toMillis(), blocking);
  }

  private LockGrant cancelAfterTimeout(Acquisition acquisition, Duration timeout) {
    CompletableFuture<LockGrant> settled = locks.cancel(acquisition);
    boolean confirmed;
    LockGrant late = null;
    try {
      late = settled.get(saturatedNanos(locks.settleTimeout()), TimeUnit.NANOSECONDS);
      confirmed = true;
    } catch (TimeoutException e) {
      confirmed = false;
    } catch (InterruptedException e) {
      throw interrupted(acquisition, e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause()); // settled never fails
    }
    if (late != null) {
      return taken(late);
    }
    failureOf(acquisition).ifPresent(error -> {
      throw rethrow(error); // e.g. the session ended while waiting: that is the news
    });
    throw new LockTimeoutException(
        name,
        timeout,
        String.format(
            "lock \"%s\" was not granted to session %d within %d ms; %s. Retry later or with a"
                + " longer timeout; `wardenctl locks %s` shows who holds it",
            name,
            locks.sessionId(),
            timeout.toMillis(),
            confirmed
                ? "the waiter has been removed"
                : "removing the waiter was not confirmed within "
                    + locks.settleTimeout().toMillis()
                    + " ms, so it goes on in the background (a grant that arrives meanwhile is"
                    + " released)",
            name));
  }

  /** The failure the acquisition ended with, if it failed (rather than being cancelled). */
  private static Optional<Throwable> failureOf(Acquisition acquisition) {
    if (!acquisition.result.isCompletedExceptionally() || acquisition.result.isCancelled()) {
      return Optional.empty();
    }
    try {
      acquisition.result.join();
      return Optional.empty();
    } catch (CancellationException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getCause() != null ? e.getCause() : e);
    }
  }

  private LockGrant taken(LockGrant grant) {
    grant.acquiredBy(Thread.currentThread());
    return grant;
  }

  private WardenInterruptedException interrupted(Acquisition acquisition, InterruptedException e) {
    locks.abandon(acquisition);
    Thread.currentThread().interrupt();
    return new WardenInterruptedException(
        String.format(
            "interrupted while acquiring lock \"%s\"; the acquire is being withdrawn (a grant that"
                + " raced with it is released)",
            name),
        e);
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("acquire failed", cause);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
