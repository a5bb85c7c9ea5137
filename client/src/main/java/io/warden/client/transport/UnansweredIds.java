package io.warden.client.transport;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The request ids of one client that may still be applied: the lowest of them travels with every
 * request ({@code first_unanswered_id}), and servers forget their recorded answers to lower ids.
 *
 * <p>The promise behind that number is that no request below it will ever reach a server again.
 * An answered id keeps it at once. An id whose call ended unanswered (deadline passed, client
 * closed) may still have a copy queued at a leader; it stays here for {@link #UNSETTLED_MILLIS},
 * as long as a server keeps a request it could still propose (Ratis's retry cache lasts 90 s too).
 */
final class UnansweredIds {
  static final long UNSETTLED_MILLIS = 90_000;

  private final ConcurrentSkipListSet<Long> ids = new ConcurrentSkipListSet<>();
  private final long unsettledMillis;

  UnansweredIds() {
    this(UNSETTLED_MILLIS);
  }

  /** @param unsettledMillis how long an id whose call ended unanswered still counts */
  UnansweredIds(long unsettledMillis) {
    this.unsettledMillis = unsettledMillis;
  }

  /**
   * Takes the next id and holds it as unanswered. Taking and holding are one step, so an id
   * another thread computes {@link #lowest} after never skips one handed out before it.
   */
  long open(RequestIds requestIds) {
    synchronized (ids) {
      long id = requestIds.next();
      ids.add(id);
      return id;
    }
  }

  /** The lowest id that may still be applied; call it after {@link #open} for the request it goes with. */
  long lowest() {
    Long lowest = ids.ceiling(Long.MIN_VALUE);
    return lowest == null ? 0 : lowest;
  }

  /** The call with {@code id} ended: answered, it is settled now; otherwise after the unsettled time. */
  void close(long id, boolean answered, ScheduledExecutorService timer) {
    if (answered) {
      ids.remove(id);
      return;
    }
    try {
      timer.schedule(() -> ids.remove(id), unsettledMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      ids.remove(id); // the client is closed: it sends nothing any more
    }
  }
}
