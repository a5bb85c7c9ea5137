package io.warden.statemachine.session;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.CloseSessionReply;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.CreateSessionReply;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.apply.Results;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.Keys;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.StoreException;
import io.warden.statemachine.store.StoreReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Apply logic and reads for the {@code sessions} family. */
public final class SessionTable {

  /** Hook run before a session's record is deleted, so other concepts release what it held. */
  public interface RemovalHook {
    void beforeRemove(StoreBatch batch, long index, long stampMillis, SessionRecord session, RemovalReason reason,
                      Consumer<ApplyEvent> events);
  }

  private final List<RemovalHook> removalHooks = new ArrayList<>();

  /** Registers logic that must run when a session ends (lock release, ring leave). */
  public void onRemoval(RemovalHook hook) {
    removalHooks.add(hook);
  }

  /** Creates the session whose id is {@code index}. */
  public CommandResult create(StoreBatch batch, long index, long stampMillis, CreateSession command,
                              Consumer<ApplyEvent> events) {
    if (command.getTtlMillis() <= 0) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "session TTL must be positive, was " + command.getTtlMillis() + " ms");
    }
    SessionRecord record = SessionRecord.newBuilder()
        .setId(index)
        .setOwner(command.getOwner())
        .setTtlMillis(command.getTtlMillis())
        .setCreatedIndex(index)
        .setCreatedMillis(stampMillis)
        .setLockRefs(0)
        .build();
    batch.put(Family.SESSIONS, Keys.ofLong(index), record.toByteArray());
    events.accept(new ApplyEvent.SessionCreated(index, index, command.getTtlMillis()));
    return CommandResult.newBuilder()
        .setCreateSession(CreateSessionReply.newBuilder().setSessionId(index).setTtlMillis(command.getTtlMillis()))
        .build();
  }

  /** Ends a session at its client's request. */
  public CommandResult close(StoreBatch batch, long index, long stampMillis, long sessionId,
                             Consumer<ApplyEvent> events) {
    if (!remove(batch, index, stampMillis, sessionId, RemovalReason.CLOSED, events)) {
      return unknown(sessionId);
    }
    return CommandResult.newBuilder().setCloseSession(CloseSessionReply.getDefaultInstance()).build();
  }

  /** Ends a session whose deadline passed on the leader. Expiring a session already gone is a no-op. */
  public CommandResult expire(StoreBatch batch, long index, long stampMillis, long sessionId,
                              Consumer<ApplyEvent> events) {
    remove(batch, index, stampMillis, sessionId, RemovalReason.EXPIRED, events);
    return Results.none();
  }

  private boolean remove(StoreBatch batch, long index, long stampMillis, long sessionId, RemovalReason reason,
                         Consumer<ApplyEvent> events) {
    SessionRecord record = find(batch, sessionId);
    if (record == null) {
      return false;
    }
    for (RemovalHook hook : removalHooks) {
      hook.beforeRemove(batch, index, stampMillis, record, reason, events);
    }
    batch.delete(Family.SESSIONS, Keys.ofLong(sessionId));
    events.accept(new ApplyEvent.SessionRemoved(index, sessionId, reason));
    return true;
  }

  /** The error for a session the store does not hold. */
  public static CommandResult unknown(long sessionId) {
    return Results.error(ErrorCode.UNKNOWN_SESSION, "session " + sessionId
        + " does not exist (it expired, was closed, or was never created): create a new session");
  }

  /** The session {@code sessionId}, or null. */
  public static SessionRecord find(StoreReader reader, long sessionId) {
    byte[] bytes = reader.get(Family.SESSIONS, Keys.ofLong(sessionId));
    return bytes == null ? null : decode(bytes);
  }

  /**
   * Rewrites the record of a session that exists, for a change another concept keeps in it (the
   * lock table's count of what the session holds or waits for).
   */
  public static void update(StoreBatch batch, SessionRecord record) {
    batch.put(Family.SESSIONS, Keys.ofLong(record.getId()), record.toByteArray());
  }

  /** Every session, in id order. */
  public static List<SessionRecord> all(StoreReader reader) {
    List<SessionRecord> sessions = new ArrayList<>();
    reader.forEach(Family.SESSIONS, (key, value) -> sessions.add(decode(value)));
    return sessions;
  }

  private static SessionRecord decode(byte[] bytes) {
    try {
      return SessionRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a session record in the store does not parse: " + e.getMessage(), e);
    }
  }
}
