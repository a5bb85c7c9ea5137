package io.warden.client;

/**
 * Told of every change of a {@link WardenSession}'s {@link SessionState}.
 *
 * <p>Called once per transition, in order, on the client's single callback thread, never while the
 * client holds a lock. A slow listener delays the others (and later transitions), so hand long work
 * to another thread. A listener may call back into the client, including blocking calls.
 */
@FunctionalInterface
public interface SessionListener {

  /**
   * @param session the session whose state changed
   * @param previous the state before the change
   * @param current the state after the change
   */
  void onStateChange(WardenSession session, SessionState previous, SessionState current);
}
