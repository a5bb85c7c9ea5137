package io.warden.statemachine.apply;

import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.PartitionRecord;
import java.util.List;

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

  /** A member got a partition: {@code token} is this entry's index. Pushed to the member's session. */
  record PartitionAcquired(long index, String nodeId, long sessionId, int partition, long token, long epoch)
      implements ApplyEvent {}

  /** A member must stop serving a partition and release it with {@code token}. Pushed to its session. */
  record PartitionReleaseRequested(long index, String nodeId, long sessionId, int partition, long token, long epoch)
      implements ApplyEvent {}

  /**
   * The ring changed: a membership change (then {@code epoch == index}) or a handoff step.
   * {@code changed} holds the new records of the partitions this entry changed.
   */
  record RingChanged(long index, long epoch, List<PartitionRecord> changed) implements ApplyEvent {
    public RingChanged {
      changed = List.copyOf(changed);
    }
  }

  /** Why a session ended. */
  enum RemovalReason { CLOSED, EXPIRED }
}
