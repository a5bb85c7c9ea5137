package io.warden.client;

/**
 * The client's view of a session's lease (DESIGN §5).
 *
 * <p>Transitions: {@code CONNECTED → SUSPENDED} when no keepalive has been acknowledged for a third
 * of the TTL; {@code SUSPENDED → CONNECTED} when one is acknowledged again before the local
 * deadline; any state {@code → EXPIRED} when the local deadline passes, the cluster reports the
 * session gone, or the application closes it. {@code EXPIRED} is terminal.
 */
public enum SessionState {
  /** Keepalives are being acknowledged; the lease is trusted. */
  CONNECTED,
  /**
   * No keepalive acknowledged for a third of the TTL. The lease is still valid until its local
   * deadline, but the application should prepare to lose it (Chubby's "jeopardy").
   */
  SUSPENDED,
  /** The lease is over: stop acting on anything the session held. Terminal. */
  EXPIRED
}
