package io.warden.client.session;

import io.warden.client.SessionState;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of one session lease (DESIGN §5): its local deadline and state, computed from
 * explicit monotonic-clock readings. Pure arithmetic: no clock, no threads, no locks (the caller
 * serializes access), so every rule is testable with chosen numbers.
 *
 * <h2>The rules</h2>
 *
 * <ul>
 *   <li>A renewal acknowledged for a keepalive <em>sent</em> at {@code s} moves the deadline to
 *       {@code max(deadline, s + ttl − margin)}. Creation counts as the first renewal, measured
 *       from the send time of the CreateSession request.
 *   <li>{@code CONNECTED → SUSPENDED} once no acknowledged keepalive was sent within the last
 *       {@code ttl/3}; {@code SUSPENDED → CONNECTED} on a renewal that lands before the deadline.
 *   <li>Any state {@code → EXPIRED} when {@code now ≥ deadline} or on {@link #expire()} (the
 *       cluster no longer knows the session, or it was closed). {@code EXPIRED} is terminal.
 *   <li>Keepalives are due every {@code ttl/5} while CONNECTED and every {@code ttl/10} while
 *       SUSPENDED, never more often than every 20 ms.
 * </ul>
 *
 * <h2>Why the server never expires a session the client still trusts</h2>
 *
 * <p>The leader extends a session to <em>its</em> {@code now + ttl} only after it has received the
 * keepalive and then committed an entry of its term, that is, at a moment strictly after the client
 * sent the keepalive. The client measures from the send time, which is earlier, and subtracts a
 * margin. Both ends measure only durations, each on its own monotonic clock, so wall-clock jumps do
 * not matter; what remains is that the two clocks may tick at slightly different rates. If the
 * client's clock runs slow by a fraction {@code ρ} against the server's, the client's {@code ttl −
 * margin} lasts {@code (ttl − margin)(1 + ρ)} of server time, which stays below the server's {@code
 * ttl} while {@code margin ≥ ttl·ρ/(1 + ρ)}. The margin, {@code max(2 % of ttl, 10 ms)}, therefore
 * covers any rate difference below 1 % with a factor of two to spare; the 10 ms floor keeps short
 * TTLs clear of timer and scheduling jitter. A leader change cannot shorten a lease either: a new
 * leader restarts every deadline at {@code now + ttl} when it takes office.
 */
public final class Lease {

  /** The smallest drift margin, whatever the TTL. */
  public static final long MIN_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Keepalives are never due more often than this. */
  public static final long MIN_KEEPALIVE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final long ttlNanos;
  private final long marginNanos;
  private long deadlineNanos;
  private long lastAckedSendNanos;
  private SessionState state = SessionState.CONNECTED;

  /**
   * A lease just created by a CreateSession request sent at {@code createSentNanos}.
   *
   * @param ttlNanos the TTL the server granted
   * @param createSentNanos monotonic time just before the CreateSession request was first sent
   */
  public Lease(long ttlNanos, long createSentNanos) {
    if (ttlNanos <= 0) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttlNanos + " ns");
    }
    this.ttlNanos = ttlNanos;
    this.marginNanos = marginNanos(ttlNanos);
    this.deadlineNanos = createSentNanos + ttlNanos - marginNanos;
    this.lastAckedSendNanos = createSentNanos;
  }

  /** The drift margin for a TTL: {@code max(ttl × 2 %, 10 ms)}. See the class comment for why. */
  public static long marginNanos(long ttlNanos) {
    return Math.max(ttlNanos / 50, MIN_MARGIN_NANOS);
  }

  /** The TTL the server granted. */
  public long ttlNanos() {
    return ttlNanos;
  }

  /** This lease's drift margin, {@link #marginNanos(long)} of its TTL. */
  public long marginNanos() {
    return marginNanos;
  }

  /** The local deadline: the lease must not be trusted at or after it. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Send time of the latest acknowledged keepalive (or of the CreateSession request). */
  public long lastAckedSendNanos() {
    return lastAckedSendNanos;
  }

  /** The state as of the last call that moved it; call {@link #advance} to account for time. */
  public SessionState state() {
    return state;
  }

  /** Whether the lease can be trusted at {@code nowNanos}: not EXPIRED and before the deadline. */
  public boolean isValid(long nowNanos) {
    return state != SessionState.EXPIRED && nowNanos - deadlineNanos < 0;
  }

  /** How long without an acknowledged keepalive before CONNECTED becomes SUSPENDED. */
  public long suspendAfterNanos() {
    return ttlNanos / 3;
  }

  /** How often keepalives are due in the current state. */
  public long keepAliveIntervalNanos() {
    long interval = state == SessionState.SUSPENDED ? ttlNanos / 10 : ttlNanos / 5;
    return Math.max(interval, MIN_KEEPALIVE_INTERVAL_NANOS);
  }

  /**
   * The earliest time at which the state would change if nothing else happened: the suspension
   * point while CONNECTED (or the deadline, whichever is first), the deadline while SUSPENDED.
   * Meaningless once EXPIRED.
   */
  public long nextCheckNanos() {
    if (state == SessionState.CONNECTED) {
      // SUSPENDED starts strictly after ttl/3 of silence, i.e. one nanosecond past the boundary.
      long suspendAt = lastAckedSendNanos + suspendAfterNanos() + 1;
      return suspendAt - deadlineNanos < 0 ? suspendAt : deadlineNanos;
    }
    return deadlineNanos;
  }

  /**
   * A keepalive sent at {@code sentNanos} was acknowledged as renewed, and the acknowledgement is
   * being handled at {@code nowNanos}. Acknowledgements may arrive out of order; an older one never
   * moves the deadline back.
   *
   * @return the resulting transition, or {@code null} if the state did not change
   */
  public StateChange renewed(long sentNanos, long nowNanos) {
    if (state == SessionState.EXPIRED) {
      return null;
    }
    long renewedDeadline = sentNanos + ttlNanos - marginNanos;
    if (renewedDeadline - deadlineNanos > 0) {
      deadlineNanos = renewedDeadline;
    }
    if (sentNanos - lastAckedSendNanos > 0) {
      lastAckedSendNanos = sentNanos;
    }
    return advance(nowNanos);
  }

  /**
   * Applies the passage of time up to {@code nowNanos}: expiry at the deadline, suspension after
   * {@code ttl/3} without an acknowledged keepalive, recovery when acknowledgements are recent
   * again.
   *
   * @return the resulting transition, or {@code null} if the state did not change
   */
  public StateChange advance(long nowNanos) {
    if (state == SessionState.EXPIRED) {
      return null;
    }
    SessionState next;
    if (nowNanos - deadlineNanos >= 0) {
      next = SessionState.EXPIRED;
    } else if (nowNanos - lastAckedSendNanos > suspendAfterNanos()) {
      next = SessionState.SUSPENDED;
    } else {
      next = SessionState.CONNECTED;
    }
    return moveTo(next);
  }

  /**
   * Ends the lease now, whatever its deadline: the cluster no longer knows the session, or it was
   * closed.
   *
   * @return the transition to EXPIRED, or {@code null} if already EXPIRED
   */
  public StateChange expire() {
    return moveTo(SessionState.EXPIRED);
  }

  private StateChange moveTo(SessionState next) {
    if (next == state) {
      return null;
    }
    StateChange change = new StateChange(state, next);
    state = next;
    return change;
  }

  @Override
  public String toString() {
    return "Lease["
        + state
        + ", ttl="
        + TimeUnit.NANOSECONDS.toMillis(ttlNanos)
        + "ms, deadline="
        + deadlineNanos
        + ", lastAckedSend="
        + lastAckedSendNanos
        + "]";
  }
}
