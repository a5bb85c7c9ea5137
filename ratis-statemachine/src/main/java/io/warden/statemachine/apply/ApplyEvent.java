package io.warden.statemachine.apply;

import io.warden.protocol.command.LockMode;

/**
 * Something an applied entry changed that parties outside the state machine care about. Every
 * replica produces the same events; the server decides which ones it acts on (only the leader
 * keeps leases, only the server holding a client's connection pushes to it).
 */
public sealed interface ApplyEvent {
  /** The log index of the entry that caused the event. */
  long index();

  /** A session was created; {@code sessionId == index}. */
  record SessionCreated(long index, long sessionId, long ttlMillis) implements ApplyEvent {}

  /** A session is gone, with everything it held. */
  record SessionRemoved(long index, long sessionId, RemovalReason reason) implements ApplyEvent {}

  /** A waiter of a lock was granted it. */
  record LockGranted(long index, String name, long sessionId, long waiterId, long token, LockMode mode)
      implements ApplyEvent {}

  /** A holder's session expired on a lock with a lock-delay: the leader must end the delay later. */
  record LockDelayStarted(long index, String name, long delayMillis) implements ApplyEvent {}

  /** Why a session ended. */
  enum RemovalReason { CLOSED, EXPIRED }
}
