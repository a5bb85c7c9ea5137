package io.warden.client.lock;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One session's use of one lock name, serialized.
 *
 * <p>The cluster knows a session as a lock's holder or waiter at most once: acquiring again what
 * the session holds returns the same grant, and an Acquire sent while a Release of the same lock is
 * in flight could be answered with the grant being released. So a session has at most one thing
 * going on per lock name: one acquisition in flight, or one grant held, or releases to finish.
 * Further acquisitions (other threads sharing the session) queue here, first come first served, and
 * start only when the slot is free; this keeps them mutually exclusive too.
 *
 * <p>Not thread-safe: guarded by the owning {@link SessionLocks}.
 */
final class LockSlot {
  final String name;
  /** Acquisitions waiting for their turn, not yet sent. */
  final ArrayDeque<Acquisition> waiting = new ArrayDeque<>();
  /** The acquisition sent to the cluster and not yet settled, if any. */
  Acquisition active;
  /** The grant held, until it is released. */
  LockGrant held;
  /** Tokens whose Release is in flight. */
  final Set<Long> releasing = new HashSet<>();

  LockSlot(String name) {
    this.name = name;
  }

  /** Something is in flight or held: the next acquisition must wait. */
  boolean busy() {
    return active != null || held != null || !releasing.isEmpty();
  }

  /** Nothing in flight, held or waiting: the slot can be dropped. */
  boolean idle() {
    return !busy() && waiting.isEmpty();
  }

  @Override
  public String toString() {
    return "LockSlot[" + name + ", active=" + active + ", held=" + held + ", releasing="
        + releasing + ", waiting=" + waiting.size() + "]";
  }
}
