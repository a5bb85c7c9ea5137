package io.warden.client.session;

import io.warden.client.SessionState;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Lease} brought to life: thread-safe, driven by the monotonic clock, with a timer set
 * exactly at the next moment its state could change (the suspension point or the deadline), so
 * expiry is noticed on time and not at the next keepalive.
 *
 * <p><b>Internal API</b> behind {@link io.warden.client.WardenSession}.
 *
 * <p>Every transition is handed to the {@code notifier} on the {@code callbacks} executor; handing
 * it over while still holding the lock keeps notifications in transition order, and the notifier
 * itself runs later on that executor, where no lock is held. The {@linkplain #addObserver
 * observers} (the {@link SessionKeeper}, the session's locks) are told synchronously, after the
 * lock is released.
 */
public final class LeasedSession {
  private static final Logger log = LoggerFactory.getLogger(LeasedSession.class);

  /** Told of each transition on the thread that caused it, without locks held; must not block. */
  @FunctionalInterface
  public interface Observer {
    /** {@code session} just went through {@code change}. */
    void onChange(LeasedSession session, StateChange change);
  }

  private final long id;
  private final Lease lease;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final Executor callbacks;
  private final Consumer<StateChange> notifier;
  private final CopyOnWriteArrayList<Observer> observers = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> check; // guarded by this
  private long armedAtNanos; // guarded by this

  /**
   * @param id the session id
   * @param ttlNanos the TTL the server granted
   * @param createSentNanos when the CreateSession request was first sent, on {@code clock}
   * @param clock the monotonic clock, {@link System#nanoTime()} in production
   * @param timer runs the state checks
   * @param callbacks runs {@code notifier}, one transition at a time, in order
   * @param notifier told of each transition on {@code callbacks}
   */
  public LeasedSession(
      long id,
      long ttlNanos,
      long createSentNanos,
      LongSupplier clock,
      ScheduledExecutorService timer,
      Executor callbacks,
      Consumer<StateChange> notifier) {
    this.id = id;
    this.lease = new Lease(ttlNanos, createSentNanos);
    this.clock = clock;
    this.timer = timer;
    this.callbacks = callbacks;
    this.notifier = notifier;
  }

  /** The session id. */
  public long id() {
    return id;
  }

  /** The TTL the server granted. */
  public long ttlNanos() {
    return lease.ttlNanos();
  }

  /** Adds an internal observer, told of every transition from now on. */
  public void addObserver(Observer observer) {
    observers.add(observer);
  }

  /** Starts the state timer; also applies any time already passed. */
  public void start() {
    refresh();
  }

  /** The current state, accounting for time passed since the last event. */
  public SessionState state() {
    refresh();
    synchronized (this) {
      return lease.state();
    }
  }

  /** The local lease deadline on the clock's scale. */
  public synchronized long deadlineNanos() {
    return lease.deadlineNanos();
  }

  /** Not EXPIRED and the local deadline has not passed. */
  public synchronized boolean isValid() {
    return lease.isValid(clock.getAsLong());
  }

  /** How often keepalives are due now (depends on the state). */
  public synchronized long keepAliveIntervalNanos() {
    return lease.keepAliveIntervalNanos();
  }

  /** A keepalive first sent at {@code sentNanos} was acknowledged as renewed. */
  public void renewed(long sentNanos) {
    StateChange change;
    long lastAck;
    synchronized (this) {
      change = publish(lease.renewed(sentNanos, clock.getAsLong()));
      lastAck = lease.lastAckedSendNanos();
      rearm();
    }
    announce(change, lastAck);
  }

  /**
   * Ends the session now, for {@code reason}: logged at WARN unless the application closed it.
   *
   * @return whether this call ended it (false if it was already EXPIRED)
   */
  public boolean expire(String reason, boolean byApplication) {
    StateChange change;
    synchronized (this) {
      change = publish(lease.expire());
      rearm();
    }
    if (change == null) {
      return false;
    }
    if (byApplication) {
      log.debug("Session {} closed: {}", id, reason);
    } else {
      log.warn("Session {} expired: {}", id, reason);
    }
    tellObservers(change);
    return true;
  }

  private void onTimer() {
    synchronized (this) {
      check = null; // this run is the armed check: whatever refresh decides must be scheduled anew
    }
    refresh();
  }

  private void refresh() {
    StateChange change;
    long lastAck;
    synchronized (this) {
      change = publish(lease.advance(clock.getAsLong()));
      lastAck = lease.lastAckedSendNanos();
      rearm();
    }
    announce(change, lastAck);
  }

  /** Queues the notification; called with the lock held so notifications keep transition order. */
  private StateChange publish(StateChange change) {
    if (change != null) {
      try {
        callbacks.execute(() -> notifier.accept(change));
      } catch (RejectedExecutionException e) {
        log.debug("Session {} {} after the client closed; listeners not told", id, change);
      }
    }
    return change;
  }

  /** Logs a transition caused by time or by a keepalive answer, and tells the observers. */
  private void announce(StateChange change, long lastAckedSendNanos) {
    if (change == null) {
      return;
    }
    long now = clock.getAsLong();
    long silentMs = TimeUnit.NANOSECONDS.toMillis(now - lastAckedSendNanos);
    switch (change.current()) {
      case EXPIRED ->
          log.warn(
              "Session {} expired: its local lease deadline passed with no keepalive acknowledged"
                  + " for {} ms; anything it held must be considered lost",
              id,
              silentMs);
      case SUSPENDED ->
          log.info(
              "Session {} suspended: no keepalive acknowledged for {} ms; it expires in {} ms"
                  + " unless one is acknowledged before then",
              id,
              silentMs,
              Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos() - now)));
      case CONNECTED -> log.info("Session {} connected again: a keepalive was acknowledged", id);
    }
    tellObservers(change);
  }

  private void tellObservers(StateChange change) {
    for (Observer observer : observers) {
      try {
        observer.onChange(this, change);
      } catch (RuntimeException e) {
        log.warn("Observer {} of session {} failed on {}", observer, id, change, e);
      }
    }
  }

  /**
   * Keeps the timer set at the next moment the state could change; called with the lock held.
   * Reschedules only when that moment moved, so frequent {@link #state()} reads cost nothing.
   */
  private void rearm() {
    boolean expired = lease.state() == SessionState.EXPIRED;
    long at = lease.nextCheckNanos();
    if (check != null && !check.isDone() && !expired && armedAtNanos == at) {
      return;
    }
    if (check != null) {
      check.cancel(false);
      check = null;
    }
    if (expired) {
      return;
    }
    try {
      check =
          timer.schedule(this::onTimer, Math.max(0, at - clock.getAsLong()), TimeUnit.NANOSECONDS);
      armedAtNanos = at;
    } catch (RejectedExecutionException e) {
      // The client is closing; it expires this session itself.
    }
  }

  @Override
  public synchronized String toString() {
    return "LeasedSession[" + id + ", " + lease + "]";
  }
}
