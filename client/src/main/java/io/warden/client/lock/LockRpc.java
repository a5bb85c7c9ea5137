package io.warden.client.lock;

import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.CancelReply;
import java.util.concurrent.CompletableFuture;

/**
 * The lock requests a session sends to the leader. Each future completes with the reply, or fails
 * with the {@link io.warden.client.WardenException} the transport maps the error to; it completes
 * by the request deadline at the latest.
 *
 * <p><b>Internal API</b>: {@link LockRequests} sends them through the cluster transport; tests use
 * a scripted fake.
 */
public interface LockRpc {

  /** {@code AcquireRequest}; the reply is GRANTED, QUEUED or BUSY. */
  CompletableFuture<AcquireReply> acquire(
      long sessionId, String name, LockMode mode, boolean wait, long lockDelayMillis);

  /**
   * {@code ReleaseRequest}; fails with {@link io.warden.client.StaleTokenException} on STALE_TOKEN.
   */
  CompletableFuture<Void> release(long sessionId, String name, long token);

  /** {@code CancelRequest}. */
  CompletableFuture<CancelReply> cancel(long sessionId, String name, long waiterId);
}
