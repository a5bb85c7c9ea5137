package io.warden.statemachine.lock;

import static io.warden.statemachine.testing.Commands.acquire;
import static io.warden.statemachine.testing.Commands.cancel;
import static io.warden.statemachine.testing.Commands.createSession;
import static io.warden.statemachine.testing.Commands.release;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.SessionLockRef;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import io.warden.statemachine.testing.Replica;
import io.warden.statemachine.testing.StoreContents;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The count of locks a session's record keeps, and the per-session limit it enforces without a scan. */
class LockTableTest {
  @TempDir Path dir;
  Replica replica;
  long raftIndex;

  @BeforeEach
  void open() {
    replica = Replica.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    replica.close();
  }

  @Test
  void theCountFollowsEveryAcquireQueueGrantReleaseAndCancel() {
    long[] sessions = {newSession(), newSession(), newSession()};
    String[] names = {"a", "b", "c", "d"};
    Random random = new Random(42);
    int grantsToWaiters = 0;
    int cancels = 0;
    for (int step = 0; step < 600; step++) {
      long session = sessions[random.nextInt(sessions.length)];
      String name = names[random.nextInt(names.length)];
      SessionLockRef ref = LockTable.refsOf(store(), session).get(name);
      Command command;
      if (ref == null) {
        command = acquire(name, session);
      } else if (ref.getHolder()) {
        command = release(name, session, ref.getToken());
      } else {
        command = cancel(name, session, ref.getWaiterId());
        cancels++;
      }
      Applied applied = apply(command);

      assertThat(applied.result().hasError()).as("step %d: %s", step, applied.result()).isFalse();
      grantsToWaiters += (int) applied.events().stream().filter(ApplyEvent.LockGranted.class::isInstance).count();
      for (long s : sessions) {
        assertThat(SessionTable.find(store(), s).getLockRefs()).as("step %d, session %d", step, s)
            .isEqualTo(LockTable.refsOf(store(), s).size());
      }
    }
    // The walk went through every path that changes a count.
    assertThat(grantsToWaiters).isPositive();
    assertThat(cancels).isPositive();
  }

  @Test
  void aRefusedCommandLeavesTheCountAlone() {
    long session = newSession();
    long token = apply(acquire("a", session)).result().getAcquire().getToken();
    List<String> before = StoreContents.state(store());

    CommandResult stale = apply(release("a", session, token + 1)).result();
    CommandResult repeated = apply(acquire("a", session)).result();

    assertThat(stale.getError().getCode()).isEqualTo(ErrorCode.STALE_TOKEN);
    assertThat(repeated.getAcquire().getToken()).isEqualTo(token);
    assertThat(StoreContents.state(store())).isEqualTo(before);
    assertThat(SessionTable.find(store(), session).getLockRefs()).isEqualTo(1);
  }

  @Test
  void aSessionAtTheLimitIsRefusedWithNothingChangedUntilItReleasesOne() {
    long session = newSession();
    int perEntry = 250;
    for (int first = 0; first < LockTable.MAX_LOCKS_PER_SESSION; first += perEntry) {
      Batch.Builder batch = Batch.newBuilder();
      IntStream.range(first, first + perEntry).forEach(i -> batch.addCommands(acquire("lock-" + i, session)));
      List<Applied> applied = replica.applyEntry(++raftIndex, Command.newBuilder().setBatch(batch).build());
      assertThat(applied).allSatisfy(a -> assertThat(a.result().getAcquire().getOutcome()).isEqualTo(AcquireOutcome.GRANTED));
    }
    assertThat(SessionTable.find(store(), session).getLockRefs()).isEqualTo(LockTable.MAX_LOCKS_PER_SESSION);
    List<String> before = StoreContents.state(store());

    CommandResult refused = apply(acquire("one-more", session)).result();

    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(refused.getError().getMessage()).contains("release some first");
    assertThat(StoreContents.state(store())).isEqualTo(before);

    long token = LockTable.refsOf(store(), session).get("lock-7").getToken();
    apply(release("lock-7", session, token));
    assertThat(apply(acquire("one-more", session)).result().getAcquire().getOutcome()).isEqualTo(AcquireOutcome.GRANTED);
    assertThat(SessionTable.find(store(), session).getLockRefs()).isEqualTo(LockTable.MAX_LOCKS_PER_SESSION);
  }

  @Test
  void aRecordOfSchemaOneIsCountedByItsSessionsNextLockCommand() {
    long session = newSession();
    long tokenA = apply(acquire("a", session)).result().getAcquire().getToken();
    apply(acquire("b", session));
    apply(acquire("c", session));

    dropCount(session);
    apply(release("a", session, tokenA));
    assertThat(SessionTable.find(store(), session).getLockRefs()).isEqualTo(2);

    dropCount(session);
    apply(acquire("d", session));
    assertThat(SessionTable.find(store(), session).getLockRefs()).isEqualTo(3);
  }

  private long newSession() {
    return apply(createSession(10_000, "owner")).result().getCreateSession().getSessionId();
  }

  private Applied apply(Command command) {
    return replica.applyEntry(++raftIndex, command).get(0);
  }

  /** Rewrites the session's record as a binary of schema 1 left it: without a count. */
  private void dropCount(long session) {
    try (StoreBatch batch = store().newBatch()) {
      SessionTable.update(batch, SessionTable.find(batch, session).toBuilder().clearLockRefs().build());
      store().commit(batch, store().applied());
    }
    assertThat(SessionTable.find(store(), session).hasLockRefs()).isFalse();
  }

  private WardenStore store() {
    return replica.store();
  }
}
