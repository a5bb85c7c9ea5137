package io.warden.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts acknowledged keepalives from the client's side, through the public API only: a session's
 * local deadline ({@code WardenSession.deadlineNanos()}) moves to {@code sent + ttl - margin} when
 * a keepalive sent at {@code sent} is acknowledged. Sessions renewed by the same request share its
 * send time, so with one TTL the distinct new deadlines are the acknowledged requests and the
 * deadline moves are the acknowledged renewals. Sampling every session more often than its
 * keepalive interval (TTL/5) sees every move.
 */
final class KeepAliveCounter {
  private final long[] last;
  private final Set<Long> requestDeadlines = new HashSet<>();
  private long renewals;
  private boolean counting;

  /** A counter for {@code sessions} sessions, seeded with their current deadlines. */
  KeepAliveCounter(long[] initialDeadlines) {
    this.last = initialDeadlines.clone();
  }

  /** Records every session's deadline now (index i = session i); moves count only while counting. */
  synchronized void observe(long[] deadlines) {
    for (int i = 0; i < last.length; i++) {
      long deadline = deadlines[i];
      if (deadline != last[i]) {
        last[i] = deadline;
        if (counting) {
          renewals++;
          requestDeadlines.add(deadline);
        }
      }
    }
  }

  /** Starts or stops counting (the window's edges). */
  synchronized void counting(boolean on) {
    counting = on;
  }

  /** Renewals acknowledged while counting. */
  synchronized long renewals() {
    return renewals;
  }

  /** Keepalive requests acknowledged while counting. */
  synchronized long requests() {
    return requestDeadlines.size();
  }
}
