package io.warden.statemachine.apply;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.ClientCall;
import io.warden.protocol.command.Command;
import io.warden.statemachine.call.CallTable;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ring.RingTable;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.StoreBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies decoded commands to a batch: plain Java over the store, no Ratis, no clock. The caller
 * commits the batch with the entry's position and then publishes the events.
 */
public final class CommandApplier {
  private final SessionTable sessions = new SessionTable();
  private final LockTable locks = new LockTable();
  private final RingTable ring = new RingTable();
  private final CallTable calls = new CallTable();

  public CommandApplier() {
    sessions.onRemoval(locks);
    sessions.onRemoval(ring);
  }

  /**
   * Applies the entry at {@code raftIndex}: its one command at slot 0, or each command of its
   * {@code Batch} at its own slot, in order. The batch's leader stamp applies to all of them.
   */
  public List<Applied> applyEntry(StoreBatch batch, long raftIndex, Command entry) {
    List<Applied> applied;
    if (entry.hasBatch()) {
      List<Command> commands = entry.getBatch().getCommandsList();
      if (commands.size() > Positions.MAX_COMMANDS_PER_ENTRY) {
        // Only a bug in a leader gets here; refusing every command keeps the replicas equal.
        CommandResult refused = Results.error(ErrorCode.INTERNAL, "a batch of " + commands.size()
            + " commands is over the limit of " + Positions.MAX_COMMANDS_PER_ENTRY + "; nothing applied");
        return commands.stream().map(c -> new Applied(refused, List.of())).toList();
      }
      applied = new ArrayList<>(commands.size());
      for (int slot = 0; slot < commands.size(); slot++) {
        applied.add(apply(batch, Positions.of(raftIndex, slot), entry.getLeaderStampMillis(), commands.get(slot)));
      }
    } else {
      applied = List.of(apply(batch, Positions.first(raftIndex), entry));
    }
    calls.sweep(batch, raftIndex);
    return applied;
  }

  /**
   * Applies {@code command} at {@code position} into {@code batch}. A command that carries a client
   * call it has already applied is answered as the first time and changes nothing.
   */
  public Applied apply(StoreBatch batch, long position, Command command) {
    return apply(batch, position, command.getLeaderStampMillis(), command);
  }

  /** As {@link #apply(StoreBatch, long, Command)}, under {@code stamp} (a batch's, for its commands). */
  private Applied apply(StoreBatch batch, long position, long stamp, Command command) {
    if (!command.hasCall()) {
      return applyOnce(batch, position, stamp, command);
    }
    ClientCall call = command.getCall();
    if (!CallTable.valid(call)) {
      return new Applied(Results.error(ErrorCode.INTERNAL, "a command's call must name a " + CallTable.CLIENT_ID_BYTES
          + "-byte client id and a request id other than 0; nothing applied"), List.of());
    }
    CallTable.Recorded recorded = calls.lookup(batch, call);
    CommandResult earlier = recorded.answer(batch);
    if (earlier != null) {
      return new Applied(earlier, List.of());
    }
    Applied applied = applyOnce(batch, position, stamp, command);
    recorded.record(batch, position, applied.result());
    return applied;
  }

  private Applied applyOnce(StoreBatch batch, long index, long stamp, Command command) {
    List<ApplyEvent> events = new ArrayList<>();
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
      case BATCH -> Results.error(ErrorCode.INTERNAL, "a batch cannot be inside a batch; nothing applied");
      case BODY_NOT_SET -> Results.error(ErrorCode.UNSUPPORTED,
          "this server cannot apply a " + command.getBodyCase() + " command: upgrade it");
    };
    return new Applied(result, events);
  }
}
