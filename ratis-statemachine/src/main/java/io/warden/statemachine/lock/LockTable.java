package io.warden.statemachine.lock;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.CancelReply;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LockHolderInfo;
import io.warden.protocol.client.ReleaseReply;
import io.warden.protocol.command.Acquire;
import io.warden.protocol.command.Cancel;
import io.warden.protocol.command.EndLockDelay;
import io.warden.protocol.command.LockHolder;
import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.LockRecord;
import io.warden.protocol.command.LockWaiter;
import io.warden.protocol.command.Release;
import io.warden.protocol.command.SessionLockRef;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.apply.Results;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.Keys;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.StoreException;
import io.warden.statemachine.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Apply logic and reads for locks. A lock's record holds its holders and its FIFO waiters; the
 * {@code session_locks} index says what each session has on which lock, and the session's record
 * keeps how many entries it has there, so the per-session limit costs no scan.
 *
 * <p>Granting: a free lock goes to the head waiter; shared waiters at the head are granted
 * together, but never past an exclusive waiter ahead of them (no writer starvation).
 */
public final class LockTable implements SessionTable.RemovalHook {
  /** Longest lock name, in bytes of UTF-8. */
  public static final int MAX_NAME_BYTES = 512;
  /** Most waiters one lock queues. */
  public static final int MAX_WAITERS_PER_LOCK = 10_000;
  /** Most locks one session holds or waits for at once. */
  public static final int MAX_LOCKS_PER_SESSION = 10_000;

  public CommandResult acquire(StoreBatch batch, long index, long stampMillis, Acquire command,
                               Consumer<ApplyEvent> events) {
    String name = command.getName();
    CommandResult invalid = checkName(name);
    if (invalid != null) {
      return invalid;
    }
    if (command.getMode() == LockMode.LOCK_MODE_UNSPECIFIED) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "lock mode must be EXCLUSIVE or SHARED");
    }
    long sessionId = command.getSessionId();
    SessionRecord session = SessionTable.find(batch, sessionId);
    if (session == null) {
      return SessionTable.unknown(sessionId);
    }
    SessionLockRef existing = ref(batch, sessionId, name);
    if (existing != null) {
      // A retry, or a client resuming after a reconnect: answer with what the session already has.
      return existing.getHolder() ? granted(existing.getToken()) : queued(existing.getWaiterId());
    }
    int refs = refCount(batch, session);
    if (refs >= MAX_LOCKS_PER_SESSION) {
      return Results.error(ErrorCode.LIMIT_EXCEEDED, "session " + sessionId + " already holds or waits for "
          + MAX_LOCKS_PER_SESSION + " locks: release some first");
    }
    LockRecord.Builder lock = find(batch, name)
        .map(LockRecord::toBuilder)
        .orElseGet(() -> LockRecord.newBuilder().setName(name).setLockDelayMillis(Math.max(0, command.getLockDelayMillis())));
    boolean compatible = !lock.getDelayed() && lock.getWaitersCount() == 0
        && (lock.getHoldersCount() == 0 || (lock.getMode() == LockMode.SHARED && command.getMode() == LockMode.SHARED));
    if (compatible) {
      addHolder(batch, lock, sessionId, index, stampMillis, command.getMode(), 0);
      save(batch, lock);
      recordRefCount(batch, session, refs + 1);
      return granted(index);
    }
    if (!command.getWait()) {
      return busy(batch, lock);
    }
    if (lock.getWaitersCount() >= MAX_WAITERS_PER_LOCK) {
      return Results.error(ErrorCode.LIMIT_EXCEEDED, "lock " + name + " already has " + MAX_WAITERS_PER_LOCK
          + " waiters: try again later");
    }
    lock.addWaiters(LockWaiter.newBuilder().setSessionId(sessionId).setWaiterId(index).setMode(command.getMode()));
    putRef(batch, sessionId, name, SessionLockRef.newBuilder().setWaiterId(index).build());
    save(batch, lock);
    recordRefCount(batch, session, refs + 1);
    return queued(index);
  }

  public CommandResult release(StoreBatch batch, long index, long stampMillis, Release command,
                               Consumer<ApplyEvent> events) {
    long sessionId = command.getSessionId();
    SessionRecord session = SessionTable.find(batch, sessionId);
    if (session == null) {
      return SessionTable.unknown(sessionId);
    }
    String name = command.getName();
    SessionLockRef ref = ref(batch, sessionId, name);
    if (ref == null || !ref.getHolder() || ref.getToken() != command.getToken()) {
      return Results.error(ErrorCode.STALE_TOKEN, "token " + command.getToken() + " is not a current grant of session "
          + sessionId + " on lock " + name + ": it was released already, or belongs to an earlier holder; nothing changed");
    }
    LockRecord.Builder lock = find(batch, name).orElseThrow(() -> corrupt(name)).toBuilder();
    removeHolder(lock, sessionId);
    recordRefCount(batch, session, refCount(batch, session) - 1);
    deleteRef(batch, sessionId, name);
    grantWaiters(batch, lock, index, stampMillis, events);
    save(batch, lock);
    return CommandResult.newBuilder().setRelease(ReleaseReply.getDefaultInstance()).build();
  }

  public CommandResult cancel(StoreBatch batch, long index, long stampMillis, Cancel command,
                              Consumer<ApplyEvent> events) {
    long sessionId = command.getSessionId();
    SessionRecord session = SessionTable.find(batch, sessionId);
    if (session == null) {
      return SessionTable.unknown(sessionId);
    }
    String name = command.getName();
    SessionLockRef ref = ref(batch, sessionId, name);
    if (ref != null && !ref.getHolder() && ref.getWaiterId() == command.getWaiterId()) {
      LockRecord.Builder lock = find(batch, name).orElseThrow(() -> corrupt(name)).toBuilder();
      removeWaiter(lock, sessionId);
      recordRefCount(batch, session, refCount(batch, session) - 1);
      deleteRef(batch, sessionId, name);
      // The cancelled waiter may have been the exclusive one holding shared waiters back.
      grantWaiters(batch, lock, index, stampMillis, events);
      save(batch, lock);
      return cancelled(true, 0);
    }
    // Already granted (the caller must release it if it no longer wants it), or gone.
    return cancelled(false, ref != null && ref.getHolder() ? ref.getToken() : 0);
  }

  /** Ends a lock-delay: waiters may be granted again. */
  public CommandResult endDelay(StoreBatch batch, long index, long stampMillis, EndLockDelay command,
                                Consumer<ApplyEvent> events) {
    find(batch, command.getName()).filter(LockRecord::getDelayed).ifPresent(record -> {
      LockRecord.Builder lock = record.toBuilder().setDelayed(false);
      grantWaiters(batch, lock, index, stampMillis, events);
      save(batch, lock);
    });
    return Results.none();
  }

  /** Releases what a session held and withdraws its waits, granting the next in line. */
  @Override
  public void beforeRemove(StoreBatch batch, long index, long stampMillis, SessionRecord session,
                           RemovalReason reason, Consumer<ApplyEvent> events) {
    long sessionId = session.getId();
    for (Map.Entry<String, SessionLockRef> entry : refsOf(batch, sessionId).entrySet()) {
      String name = entry.getKey();
      LockRecord.Builder lock = find(batch, name).orElseThrow(() -> corrupt(name)).toBuilder();
      if (entry.getValue().getHolder()) {
        removeHolder(lock, sessionId);
        if (reason == RemovalReason.EXPIRED && lock.getLockDelayMillis() > 0) {
          // Its holder may still be acting on it (a pause, a partition): keep the lock ungranted
          // for the delay, as Chubby does, on top of what fencing tokens guarantee.
          lock.setDelayed(true);
          events.accept(new ApplyEvent.LockDelayStarted(index, name, lock.getLockDelayMillis()));
        }
      } else {
        removeWaiter(lock, sessionId);
      }
      deleteRef(batch, sessionId, name);
      grantWaiters(batch, lock, index, stampMillis, events);
      save(batch, lock);
    }
  }

  private static void grantWaiters(StoreBatch batch, LockRecord.Builder lock, long index, long stampMillis,
                                   Consumer<ApplyEvent> events) {
    if (lock.getDelayed()) {
      return;
    }
    while (lock.getWaitersCount() > 0) {
      LockWaiter head = lock.getWaiters(0);
      boolean fits = lock.getHoldersCount() == 0
          || (lock.getMode() == LockMode.SHARED && head.getMode() == LockMode.SHARED);
      if (!fits) {
        return;
      }
      lock.removeWaiters(0);
      addHolder(batch, lock, head.getSessionId(), index, stampMillis, head.getMode(), head.getWaiterId());
      events.accept(new ApplyEvent.LockGranted(index, lock.getName(), head.getSessionId(), head.getWaiterId(), index,
          head.getMode()));
      if (head.getMode() == LockMode.EXCLUSIVE) {
        return;
      }
    }
  }

  /** @param waiterId the waiter this grant ends, or 0 for an immediate grant */
  private static void addHolder(StoreBatch batch, LockRecord.Builder lock, long sessionId, long token,
                                long stampMillis, LockMode mode, long waiterId) {
    lock.setMode(mode);
    lock.addHolders(LockHolder.newBuilder().setSessionId(sessionId).setToken(token).setGrantedMillis(stampMillis));
    putRef(batch, sessionId, lock.getName(),
        SessionLockRef.newBuilder().setHolder(true).setToken(token).setWaiterId(waiterId).build());
  }

  private static void removeHolder(LockRecord.Builder lock, long sessionId) {
    for (int i = lock.getHoldersCount() - 1; i >= 0; i--) {
      if (lock.getHolders(i).getSessionId() == sessionId) {
        lock.removeHolders(i);
      }
    }
    if (lock.getHoldersCount() == 0) {
      lock.setMode(LockMode.LOCK_MODE_UNSPECIFIED);
    }
  }

  private static void removeWaiter(LockRecord.Builder lock, long sessionId) {
    for (int i = lock.getWaitersCount() - 1; i >= 0; i--) {
      if (lock.getWaiters(i).getSessionId() == sessionId) {
        lock.removeWaiters(i);
      }
    }
  }

  /** A lock nobody holds, waits for or delays has no record. */
  private static void save(StoreBatch batch, LockRecord.Builder lock) {
    byte[] key = Keys.ofString(lock.getName());
    if (lock.getHoldersCount() == 0 && lock.getWaitersCount() == 0 && !lock.getDelayed()) {
      batch.delete(Family.LOCKS, key);
    } else {
      batch.put(Family.LOCKS, key, lock.build().toByteArray());
    }
  }

  private static CommandResult checkName(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_NAME_BYTES) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "lock name must be 1 to " + MAX_NAME_BYTES
          + " bytes of UTF-8, was " + bytes);
    }
    return null;
  }

  private static CommandResult granted(long token) {
    return CommandResult.newBuilder().setAcquire(AcquireReply.newBuilder()
        .setOutcome(AcquireOutcome.GRANTED).setToken(token)).build();
  }

  private static CommandResult queued(long waiterId) {
    return CommandResult.newBuilder().setAcquire(AcquireReply.newBuilder()
        .setOutcome(AcquireOutcome.QUEUED).setWaiterId(waiterId)).build();
  }

  private static CommandResult busy(StoreReader reader, LockRecord.Builder lock) {
    AcquireReply.Builder reply = AcquireReply.newBuilder().setOutcome(AcquireOutcome.BUSY);
    for (LockHolder holder : lock.getHoldersList()) {
      reply.addHolders(holderInfo(reader, holder));
    }
    return CommandResult.newBuilder().setAcquire(reply).build();
  }

  private static CommandResult cancelled(boolean removed, long token) {
    return CommandResult.newBuilder().setCancel(CancelReply.newBuilder().setRemoved(removed).setToken(token)).build();
  }

  /** A holder as clients see it, with its session's owner label. */
  public static LockHolderInfo holderInfo(StoreReader reader, LockHolder holder) {
    SessionRecord session = SessionTable.find(reader, holder.getSessionId());
    return LockHolderInfo.newBuilder()
        .setSessionId(holder.getSessionId())
        .setOwner(session == null ? "" : session.getOwner())
        .setToken(holder.getToken())
        .setGrantedMillis(holder.getGrantedMillis())
        .build();
  }

  // ---- reads ------------------------------------------------------------------------------

  /** The record of lock {@code name}, if anyone holds, waits for or delays it. */
  public static java.util.Optional<LockRecord> find(StoreReader reader, String name) {
    byte[] bytes = reader.get(Family.LOCKS, Keys.ofString(name));
    return java.util.Optional.ofNullable(bytes == null ? null : decode(LockRecord.parser(), bytes));
  }

  /** Every lock with a record, in name order. */
  public static List<LockRecord> all(StoreReader reader) {
    List<LockRecord> locks = new ArrayList<>();
    reader.forEach(Family.LOCKS, (key, value) -> locks.add(decode(LockRecord.parser(), value)));
    return locks;
  }

  /** What {@code sessionId} has on each lock, by lock name. */
  public static Map<String, SessionLockRef> refsOf(StoreReader reader, long sessionId) {
    Map<String, SessionLockRef> refs = new LinkedHashMap<>();
    reader.forEachWithPrefix(Family.SESSION_LOCKS, Keys.ofLong(sessionId),
        (key, value) -> refs.put(Keys.nameAfterSession(key), decode(SessionLockRef.parser(), value)));
    return refs;
  }

  /**
   * How many locks {@code session} holds or waits for. Its record keeps the number; a record of
   * schema 1 has none, and then the session's index entries are counted (once: the caller records
   * the result).
   */
  private static int refCount(StoreReader reader, SessionRecord session) {
    if (session.hasLockRefs()) {
      return session.getLockRefs();
    }
    int[] count = {0};
    reader.forEachWithPrefix(Family.SESSION_LOCKS, Keys.ofLong(session.getId()), (key, value) -> count[0]++);
    return count[0];
  }

  /** Records {@code refs}, the session's count once the command's change to its index entries is made. */
  private static void recordRefCount(StoreBatch batch, SessionRecord session, int refs) {
    SessionTable.update(batch, session.toBuilder().setLockRefs(refs).build());
  }

  private static SessionLockRef ref(StoreReader reader, long sessionId, String name) {
    byte[] bytes = reader.get(Family.SESSION_LOCKS, Keys.ofSessionAndName(sessionId, name));
    return bytes == null ? null : decode(SessionLockRef.parser(), bytes);
  }

  private static void putRef(StoreBatch batch, long sessionId, String name, SessionLockRef ref) {
    batch.put(Family.SESSION_LOCKS, Keys.ofSessionAndName(sessionId, name), ref.toByteArray());
  }

  private static void deleteRef(StoreBatch batch, long sessionId, String name) {
    batch.delete(Family.SESSION_LOCKS, Keys.ofSessionAndName(sessionId, name));
  }

  private static <T extends MessageLite> T decode(Parser<T> parser, byte[] bytes) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a lock record in the store does not parse: " + e.getMessage(), e);
    }
  }

  private static StoreException corrupt(String name) {
    return new StoreException("the session_locks index names lock " + name + " but the lock has no record");
  }
}
