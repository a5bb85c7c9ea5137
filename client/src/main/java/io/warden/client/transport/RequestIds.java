package io.warden.client.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out request ids for one client id: 1, 2, 3, ... and never the same one twice.
 *
 * <p>Uniqueness is a safety property, not bookkeeping: the state machine records the answer to each
 * (client id, request id), so a write re-sent with its original id is applied at most once, and a
 * different request that reused an id would get the old request's recorded answer instead of running.
 * Zero is skipped because the server uses it for errors it cannot attribute.
 */
final class RequestIds {
  private final AtomicLong last = new AtomicLong();

  /** The next unused id. */
  long next() {
    long id = last.incrementAndGet();
    if (id <= 0) {
      // 2^63 requests: unreachable in practice, but wrapping would silently break at-most-once.
      throw new IllegalStateException("request ids exhausted for this client; create a new client");
    }
    return id;
  }
}
