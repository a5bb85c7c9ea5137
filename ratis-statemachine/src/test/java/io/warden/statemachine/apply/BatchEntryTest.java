package io.warden.statemachine.apply;

import static io.warden.statemachine.testing.Commands.closeSession;
import static io.warden.statemachine.testing.Commands.createSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.testing.ReplicaTest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entry of many commands: each applies at its own position, in order, under the entry's stamp. */
class BatchEntryTest extends ReplicaTest {
  static final long BATCH_STAMP = 1_800_000_000_000L;

  @Test
  void eachCommandAppliesAtItsSlotsPosition() {
    List<Applied> applied = replica.applyEntry(5, batch(createSession(5_000, "a"), createSession(5_000, "b")));

    assertThat(applied).extracting(a -> a.result().getCreateSession().getSessionId())
        .containsExactly(Positions.of(5, 0), Positions.of(5, 1));
    assertThat(applied.get(1).events()).containsExactly(
        new ApplyEvent.SessionCreated(Positions.of(5, 1), Positions.of(5, 1), 5_000));
  }

  @Test
  void laterCommandsSeeWhatEarlierOnesOfTheSameEntryDid() {
    long first = Positions.of(5, 0);

    List<Applied> applied = replica.applyEntry(5, batch(createSession(5_000, "a"), closeSession(first)));

    assertThat(applied.get(1).result().hasCloseSession()).isTrue();
    assertThat(SessionTable.all(replica.store())).isEmpty();
  }

  @Test
  void positionsOfALaterEntryExceedEveryPositionOfAnEarlierOne() {
    List<Applied> earlier = replica.applyEntry(5, batch(Collections.nCopies(256, createSession(5_000, "a")).toArray(Command[]::new)));
    List<Applied> later = replica.applyEntry(6, createSession(5_000, "b"));

    long lastOfEarlier = earlier.get(255).result().getCreateSession().getSessionId();
    assertThat(later.get(0).result().getCreateSession().getSessionId()).isGreaterThan(lastOfEarlier);
  }

  @Test
  void theBatchsStampIsEveryCommandsStamp() {
    replica.applyEntry(5, batch(createSession(5_000, "a")));

    assertThat(SessionTable.all(replica.store())).extracting(SessionRecord::getCreatedMillis).containsExactly(BATCH_STAMP);
  }

  @Test
  void aBatchInsideABatchIsRefusedAndTheOthersApply() {
    List<Applied> applied = replica.applyEntry(5, batch(batch(createSession(5_000, "nested")), createSession(5_000, "b")));

    assertThat(applied.get(0).result().getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(SessionTable.all(replica.store())).extracting(SessionRecord::getOwner).containsExactly("b");
  }

  @Test
  void aBatchOverTheLimitIsRefusedWhole() {
    List<Applied> applied = replica.applyEntry(5, batch(Collections.nCopies(257, createSession(5_000, "a")).toArray(Command[]::new)));

    assertThat(applied).hasSize(257).allSatisfy(a -> assertThat(a.result().getError().getCode()).isEqualTo(ErrorCode.INTERNAL));
    assertThat(SessionTable.all(replica.store())).isEmpty();
  }

  @Test
  void anEntryOfOneCommandAppliesAtTheFirstPositionOfItsIndex() {
    List<Applied> applied = replica.applyEntry(5, createSession(5_000, "a"));

    assertThat(applied).singleElement().extracting(a -> a.result().getCreateSession().getSessionId()).isEqualTo(Positions.first(5));
  }

  static Command batch(Command... commands) {
    return Command.newBuilder().setLeaderStampMillis(BATCH_STAMP).setBatch(Batch.newBuilder().addAllCommands(List.of(commands))).build();
  }
}
