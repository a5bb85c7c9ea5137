package io.warden.statemachine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.Keys;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sessions family: ids are log indexes, removal hooks run inside the removing entry. */
class SessionTableTest {
  private static final CreateSession FIVE_SECONDS = CreateSession.newBuilder().setTtlMillis(5_000).setOwner("o").build();

  @TempDir Path dir;
  WardenStore store;
  SessionTable sessions = new SessionTable();
  List<ApplyEvent> events = new ArrayList<>();

  @BeforeEach
  void openStore() {
    store = WardenStore.open(dir.resolve("store"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void allListsSessionsInNumericIdOrder() {
    for (long id : new long[] {70_000, 3, 256, 255}) {
      commit(id, batch -> sessions.create(batch, id, 0, FIVE_SECONDS, events::add));
    }

    assertThat(SessionTable.all(store)).extracting(SessionRecord::getId).containsExactly(3L, 255L, 256L, 70_000L);
  }

  @Test
  void findOfAnUnknownIdIsNull() {
    assertThat(SessionTable.find(store, 12)).isNull();
  }

  @Test
  void aSessionCreatedEarlierInTheSameBatchCanBeClosedInIt() {
    CommandResult closed = commit(5, batch -> {
      sessions.create(batch, 5, 0, FIVE_SECONDS, events::add);
      return sessions.close(batch, 5, 0, 5, events::add);
    });

    assertThat(closed.getBodyCase()).isEqualTo(CommandResult.BodyCase.CLOSE_SESSION);
    assertThat(SessionTable.find(store, 5)).isNull();
  }

  @Test
  void removalHooksRunBeforeTheRecordIsDeletedAndSeeIt() {
    commit(1, batch -> sessions.create(batch, 1, 0, FIVE_SECONDS, events::add));
    List<String> seen = new ArrayList<>();
    sessions.onRemoval((batch, index, stamp, session, reason, sink) ->
        seen.add(index + ":" + session.getId() + ":" + (SessionTable.find(batch, session.getId()) != null)));

    commit(2, batch -> sessions.expire(batch, 2, 0, 1, events::add));

    assertThat(seen).containsExactly("2:1:true");
  }

  @Test
  void removalHookWritesCommitWithTheRemoval() {
    commit(1, batch -> {
      batch.put(Family.LOCKS, Keys.ofString("held-by-1"), Keys.ofString("lock"));
      return sessions.create(batch, 1, 0, FIVE_SECONDS, events::add);
    });
    sessions.onRemoval((batch, index, stamp, session, reason, sink) ->
        batch.delete(Family.LOCKS, Keys.ofString("held-by-" + session.getId())));

    commit(2, batch -> sessions.close(batch, 2, 0, 1, events::add));

    assertThat(store.get(Family.LOCKS, Keys.ofString("held-by-1"))).isNull();
    assertThat(SessionTable.find(store, 1)).isNull();
  }

  @Test
  void eventsOfRemovalHooksPrecedeSessionRemoved() {
    commit(1, batch -> sessions.create(batch, 1, 0, FIVE_SECONDS, events::add));
    ApplyEvent released = new ApplyEvent.SessionCreated(99, 99, 1); // any event stands for what a hook reports
    sessions.onRemoval((batch, index, stamp, session, reason, sink) -> sink.accept(released));
    events.clear();

    commit(2, batch -> sessions.close(batch, 2, 0, 1, events::add));

    assertThat(events).containsExactly(released, new ApplyEvent.SessionRemoved(2, 1, RemovalReason.CLOSED));
  }

  @Test
  void removalHooksDoNotRunForAnUnknownSession() {
    List<Long> hooked = new ArrayList<>();
    sessions.onRemoval((batch, index, stamp, session, reason, sink) -> hooked.add(session.getId()));

    CommandResult closed = commit(1, batch -> sessions.close(batch, 1, 0, 40, events::add));
    commit(2, batch -> sessions.expire(batch, 2, 0, 40, events::add));

    assertThat(closed.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(hooked).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void unknownSessionErrorTellsTheClientToCreateANewSession() {
    CommandResult unknown = SessionTable.unknown(17);

    assertThat(unknown.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(unknown.getError().getMessage()).contains("17").contains("create a new session");
  }

  private <T> T commit(long index, Function<StoreBatch, T> change) {
    try (StoreBatch batch = store.newBatch()) {
      T result = change.apply(batch);
      store.commit(batch, new AppliedPosition(1, index));
      return result;
    }
  }
}
