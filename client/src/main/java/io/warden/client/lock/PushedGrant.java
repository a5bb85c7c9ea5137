package io.warden.client.lock;

import io.warden.protocol.client.LockGranted;

/**
 * A {@code LockGranted} event as received: the server granted a queued waiter, or re-sent a grant
 * the session holds after a reconnect (DESIGN §6). May arrive twice, or for a waiter nobody waits
 * on any more; {@link GrantTriage} decides what it means.
 *
 * @param name the lock
 * @param sessionId the session granted
 * @param waiterId the waiter granted; 0 if the server did not say (a re-sent grant)
 * @param token the grant's fencing token
 */
record PushedGrant(String name, long sessionId, long waiterId, long token) {

  static PushedGrant of(LockGranted event) {
    return new PushedGrant(
        event.getName(), event.getSessionId(), event.getWaiterId(), event.getToken());
  }
}
