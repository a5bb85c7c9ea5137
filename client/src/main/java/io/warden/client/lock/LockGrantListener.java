package io.warden.client.lock;

import io.warden.client.SessionState;

/**
 * Told when a {@link LockGrant} is in jeopardy, safe again, or lost: the transitions of the session
 * that holds it.
 *
 * <ul>
 *   <li>{@code → SUSPENDED}: no keepalive has been acknowledged for a third of the TTL. The grant
 *       is still valid until {@link LockGrant#deadlineNanos()}, but may be lost: finish or pause
 *       side effects (Chubby's "jeopardy").
 *   <li>{@code SUSPENDED → CONNECTED}: keepalives are acknowledged again; the grant is safe.
 *   <li>{@code → EXPIRED}: the grant is lost (the cluster releases it, and someone else may hold
 *       the lock soon). Stop acting on it at once.
 * </ul>
 *
 * <p>Called on the client's single listener thread, in order, never while the client holds a lock,
 * and never after the grant was {@linkplain LockGrant#close() released}. A slow listener delays
 * every other listener of the client, so hand long work to another thread.
 */
@FunctionalInterface
public interface LockGrantListener {

  /**
   * @param grant the grant concerned
   * @param previous the session's state before the change
   * @param current the session's state now
   */
  void onStateChange(LockGrant grant, SessionState previous, SessionState current);
}
