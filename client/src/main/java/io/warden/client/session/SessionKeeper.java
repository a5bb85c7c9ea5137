package io.warden.client.session;

import io.warden.client.SessionState;
import io.warden.client.UnknownSessionException;
import io.warden.client.WardenUnavailableException;
import io.warden.client.transport.Reply;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.KeepAliveReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client's sessions alive: one timer for all of them, which sends a single {@code
 * KeepAliveRequest} naming every session that is due, and applies the answer.
 *
 * <p>A session is due every {@code ttl/5} while CONNECTED and every {@code ttl/10} while SUSPENDED
 * (see {@link Lease}); sessions due within a quarter of their interval ride along with the current
 * batch, so sessions of similar TTL converge onto the same requests. Keepalives travel through the
 * normal leader routing: after a leader change they reach the new leader, which has restarted every
 * deadline when it took office, so nothing is lost.
 *
 * <p>The keeper also ends sessions the cluster reports gone: {@code unknown} in a keepalive reply,
 * a pushed {@code SessionExpired} event, or an UNKNOWN_SESSION error on any request naming the
 * session.
 *
 * <p><b>Internal API</b> of {@link io.warden.client.WardenClient}.
 */
public final class SessionKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);

  /** Sends one keepalive batch; its reply's {@code sentNanos} dates the renewals. */
  @FunctionalInterface
  public interface KeepAliveSender {
    /** Sends one KeepAliveRequest for {@code sessionIds}, retrying until {@code deadlineNanos}. */
    CompletableFuture<Reply> send(List<Long> sessionIds, long deadlineNanos);
  }

  private final KeepAliveSender sender;
  private final ScheduledExecutorService timer;
  private final LongSupplier clock;
  private final long requestTimeoutNanos;

  // All guarded by this.
  private final Map<Long, Tracked> sessions = new HashMap<>();
  private ScheduledFuture<?> tick;
  private long tickAtNanos;
  private boolean closed;

  /** A session and when its last keepalive left. */
  private static final class Tracked {
    final LeasedSession session;
    long lastSentNanos;

    Tracked(LeasedSession session, long lastSentNanos) {
      this.session = session;
      this.lastSentNanos = lastSentNanos;
    }

    long dueNanos() {
      return lastSentNanos + session.keepAliveIntervalNanos();
    }
  }

  /**
   * @param sender sends keepalive batches to the leader
   * @param timer the single-threaded timer that runs the ticks
   * @param clock the monotonic clock
   * @param requestTimeoutNanos the longest a keepalive batch may keep retrying
   */
  public SessionKeeper(
      KeepAliveSender sender,
      ScheduledExecutorService timer,
      LongSupplier clock,
      long requestTimeoutNanos) {
    this.sender = sender;
    this.timer = timer;
    this.clock = clock;
    this.requestTimeoutNanos = requestTimeoutNanos;
  }

  /**
   * Starts keeping {@code session} alive. Its creation counts as the first keepalive, sent at
   * {@code createSentNanos}.
   */
  public void track(LeasedSession session, long createSentNanos) {
    session.addObserver(this::onChange);
    synchronized (this) {
      if (closed) {
        return;
      }
      Tracked tracked = new Tracked(session, createSentNanos);
      sessions.put(session.id(), tracked);
      scheduleAtMost(tracked.dueNanos());
    }
  }

  /**
   * The ids of the sessions being kept alive (CONNECTED or SUSPENDED), for the {@code Hello} of
   * every new connection: the server then routes their events to it and re-sends what they missed.
   */
  public synchronized List<Long> liveSessionIds() {
    return List.copyOf(sessions.keySet());
  }

  /** Stops keeping session {@code id} alive (it was closed or expired). */
  public synchronized void untrack(long id) {
    sessions.remove(id);
  }

  /** Handles a pushed event: {@code SessionExpired} ends that session if it is ours. */
  public void onEvent(Event event) {
    if (event.hasSessionExpired()) {
      long id = event.getSessionExpired().getSessionId();
      expire(id, "the cluster expired it (event at log index " + event.getIndex() + ")");
    }
  }

  /** The cluster answered UNKNOWN_SESSION for session {@code id}. */
  public void onUnknownSession(long id, String serverMessage) {
    expire(id, "the cluster no longer knows it: " + serverMessage);
  }

  /** Stops all keepalives; the sessions themselves are left as they are. */
  @Override
  public synchronized void close() {
    closed = true;
    cancelTick();
    sessions.clear();
  }

  private void expire(long id, String reason) {
    LeasedSession session;
    synchronized (this) {
      Tracked tracked = sessions.remove(id);
      session = tracked == null ? null : tracked.session;
    }
    if (session != null) {
      session.expire(reason, false);
    }
  }

  private void onChange(LeasedSession session, StateChange change) {
    synchronized (this) {
      if (change.current() == SessionState.EXPIRED) {
        sessions.remove(session.id());
        return;
      }
      // SUSPENDED shortens the interval: this session's keepalive may be due before the timer.
      Tracked tracked = sessions.get(session.id());
      if (tracked != null) {
        scheduleAtMost(tracked.dueNanos());
      }
    }
  }

  private void onTick() {
    List<LeasedSession> batch = new ArrayList<>();
    long now;
    synchronized (this) {
      tick = null;
      if (closed) {
        return;
      }
      now = clock.getAsLong();
      // One pass finds the due sessions and the next due time; it is the only full scan, once
      // per tick, so tracking many sessions costs O(1) per change and O(n) per batch sent.
      // A copy: reading a state may expire a session, whose observer removes it from the map.
      long next = Long.MAX_VALUE;
      boolean any = false;
      for (Tracked tracked : new ArrayList<>(sessions.values())) {
        SessionState state = tracked.session.state();
        if (state == SessionState.EXPIRED) {
          sessions.remove(tracked.session.id());
          continue;
        }
        long interval = tracked.session.keepAliveIntervalNanos();
        if (tracked.dueNanos() - now <= interval / 4) {
          tracked.lastSentNanos = now;
          batch.add(tracked.session);
        }
        long due = tracked.dueNanos();
        if (!any || due - next < 0) {
          next = due;
          any = true;
        }
      }
      if (any) {
        scheduleAtMost(next);
      }
    }
    if (!batch.isEmpty()) {
      send(batch, now);
    }
  }

  private void send(List<LeasedSession> batch, long now) {
    // Retrying past the last deadline in the batch is pointless: those sessions are over locally.
    long longest = 0;
    List<Long> ids = new ArrayList<>(batch.size());
    for (LeasedSession session : batch) {
      ids.add(session.id());
      longest = Math.max(longest, session.deadlineNanos() - now);
    }
    long deadline = now + Math.max(1, Math.min(requestTimeoutNanos, longest));
    log.trace("Keepalive for sessions {}", ids);
    sender
        .send(ids, deadline)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                logFailure(ids, error);
              } else {
                apply(reply);
              }
            });
  }

  private static void logFailure(List<Long> ids, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof WardenUnavailableException || cause instanceof UnknownSessionException) {
      // Expected while the cluster elects a leader or is out of reach; the sessions' own timers
      // turn a run of these into SUSPENDED and then EXPIRED, which is what gets reported.
      log.debug("Keepalive for sessions {} failed: {}", ids, cause.getMessage());
    } else {
      log.warn("Keepalive for sessions {} was refused; they will expire", ids, cause);
    }
  }

  private void apply(Reply reply) {
    KeepAliveReply answer = reply.response().getKeepAlive();
    List<LeasedSession> renewed = new ArrayList<>(answer.getRenewedCount());
    synchronized (this) { // once per reply, not once per session: replies carry thousands of ids
      for (long id : answer.getRenewedList()) {
        Tracked tracked = sessions.get(id);
        if (tracked != null) {
          renewed.add(tracked.session);
        }
      }
    }
    for (LeasedSession session : renewed) {
      session.renewed(reply.sentNanos());
    }
    for (long id : answer.getUnknownList()) {
      expire(id, "the cluster no longer knows it (it expired or was closed)");
    }
  }

  /**
   * Makes sure the tick runs no later than {@code dueNanos}; called with the lock held. The tick
   * itself finds the next due time, so this never scans.
   */
  private void scheduleAtMost(long dueNanos) {
    if (closed) {
      return;
    }
    if (tick != null && tickAtNanos - dueNanos <= 0) {
      return; // already set early enough
    }
    cancelTick();
    try {
      tick =
          timer.schedule(
              this::onTick, Math.max(0, dueNanos - clock.getAsLong()), TimeUnit.NANOSECONDS);
      tickAtNanos = dueNanos;
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private void cancelTick() {
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
  }
}
