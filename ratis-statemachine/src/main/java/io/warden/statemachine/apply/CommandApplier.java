package io.warden.statemachine.apply;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Command;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ring.RingTable;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.StoreBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one decoded command to a batch: plain Java over the store, no Ratis, no clock. The
 * caller commits the batch with the entry's position and then publishes the events.
 */
public final class CommandApplier {
  private final SessionTable sessions = new SessionTable();
  private final LockTable locks = new LockTable();
  private final RingTable ring = new RingTable();

  public CommandApplier() {
    sessions.onRemoval(locks);
    sessions.onRemoval(ring);
  }

  /** Applies {@code command}, the entry at {@code index}, into {@code batch}. */
  public Applied apply(StoreBatch batch, long index, Command command) {
    List<ApplyEvent> events = new ArrayList<>();
    long stamp = command.getLeaderStampMillis();
    CommandResult result = switch (command.getBodyCase()) {
      case CREATE_SESSION -> sessions.create(batch, index, stamp, command.getCreateSession(), events::add);
      case CLOSE_SESSION -> sessions.close(batch, index, stamp, command.getCloseSession().getSessionId(), events::add);
      case EXPIRE_SESSION -> sessions.expire(batch, index, stamp, command.getExpireSession().getSessionId(), events::add);
      case MARKER -> Results.none();
      case ACQUIRE -> locks.acquire(batch, index, stamp, command.getAcquire(), events::add);
      case RELEASE -> locks.release(batch, index, stamp, command.getRelease(), events::add);
      case CANCEL -> locks.cancel(batch, index, stamp, command.getCancel(), events::add);
      case END_LOCK_DELAY -> locks.endDelay(batch, index, stamp, command.getEndLockDelay(), events::add);
      case JOIN -> ring.join(batch, index, stamp, command.getJoin(), events::add);
      case LEAVE -> ring.leave(batch, index, stamp, command.getLeave(), events::add);
      case RELEASE_PARTITION -> ring.releasePartition(batch, index, stamp, command.getReleasePartition(), events::add);
      case BODY_NOT_SET -> Results.error(ErrorCode.UNSUPPORTED,
          "this server cannot apply a " + command.getBodyCase() + " command: upgrade it");
    };
    return new Applied(result, events);
  }
}
