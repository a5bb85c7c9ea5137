package io.warden.client.lock;

/**
 * What a pushed {@code LockGranted} means for a session's use of one lock: the client's dedupe
 * rules (DESIGN §6, resume after reconnect). Pure: reads the slot, changes nothing.
 *
 * <p>Grants arrive twice (re-sent after a reconnect, or from two servers), late (for a waiter
 * already cancelled), or before the Acquire's own reply (when the request was retried on a new
 * leader). The rules rest on two facts of the protocol: a token and a waiter id are both log
 * indices, and the grant of a waiter queued at index {@code W} is applied at a later index, so its
 * token is greater than {@code W}; and a session is a lock's holder or waiter at most once, so
 * while the session waits as {@code W}, any grant of that lock to it with a token at least {@code
 * W} is that waiter's.
 */
final class GrantTriage {

  /** The verdicts, each with what the client does. */
  enum Verdict {
    /** The grant held now, again: ignore. */
    DUPLICATE,
    /** An older grant that the session no longer holds: ignore. */
    STALE,
    /** The Acquire is still in flight: keep it until its reply gives the waiter id. */
    HOLD_FOR_REPLY,
    /** Completes the waiting acquisition. */
    GRANTS_WAITER,
    /** Granted while its cancel is in flight: release it once the cancel is answered. */
    RACED_WITH_CANCEL,
    /**
     * Nothing here holds or waits for it (an acquire or cancel whose outcome was unknown): release
     * it, so the lock does not stay held by a session that does not know it holds it. Releasing by
     * token is harmless if it is in fact stale: the server answers STALE_TOKEN and changes nothing.
     */
    ORPHAN
  }

  private GrantTriage() {}

  /**
   * @param slot the session's slot for the pushed lock, or {@code null} if it has none
   * @param push the pushed grant (for the slot's session and lock)
   */
  static Verdict triage(LockSlot slot, PushedGrant push) {
    if (slot == null) {
      return Verdict.ORPHAN;
    }
    if (slot.releasing.contains(push.token())) {
      return Verdict.DUPLICATE;
    }
    if (slot.held != null) {
      return slot.held.token() == push.token() ? Verdict.DUPLICATE : Verdict.STALE;
    }
    Acquisition active = slot.active;
    if (active == null) {
      return Verdict.ORPHAN;
    }
    return switch (active.phase) {
      case SENDING -> Verdict.HOLD_FOR_REPLY;
      case QUEUED -> belongsTo(active.waiterId, push) ? Verdict.GRANTS_WAITER : Verdict.STALE;
      case CANCELLING ->
          belongsTo(active.waiterId, push) ? Verdict.RACED_WITH_CANCEL : Verdict.STALE;
      case LOCAL, DONE -> Verdict.STALE; // never the active acquisition
    };
  }

  /**
   * Whether {@code push} is the grant of the waiter {@code waiterId}: it names that waiter, or its
   * token is at least the waiter's id (a re-sent grant may not name the waiter). A grant with a
   * smaller token was released before the waiter was queued.
   */
  static boolean belongsTo(long waiterId, PushedGrant push) {
    return push.waiterId() == waiterId || push.token() >= waiterId;
  }
}
