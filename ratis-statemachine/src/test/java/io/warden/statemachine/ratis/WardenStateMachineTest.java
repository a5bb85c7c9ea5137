package io.warden.statemachine.ratis;

import static io.warden.statemachine.testing.Commands.closeSession;
import static io.warden.statemachine.apply.Positions.first;
import static io.warden.statemachine.apply.Positions.last;
import static io.warden.statemachine.testing.Commands.createSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.BatchResult;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.WardenStore;
import io.warden.statemachine.testing.StoreContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ratis adapter: apply with the entry's position, idempotent replay, snapshots, restore. */
class WardenStateMachineTest {
  @TempDir Path dir;
  StateMachineNode node;

  @BeforeEach
  void start() {
    node = new StateMachineNode(dir.resolve("n1"), "n1");
  }

  @AfterEach
  void stop() throws IOException {
    node.close();
  }

  @Test
  void appliedEntryIsAnsweredWithItsCommandResult() {
    CommandResult result = node.apply(1, 1, createSession(5_000, "web"));

    assertThat(result.getCreateSession().getSessionId()).isEqualTo(first(1));
  }

  @Test
  void appliedEntryIsCommittedToTheStoreWithItsTermAndIndex() {
    node.apply(3, 7, createSession(5_000, "web"));

    SessionRecord session = node.machine.read(store -> SessionTable.find(store, first(7)));
    AppliedPosition position = node.machine.read(store -> ((WardenStore) store).applied());
    assertThat(session).isNotNull();
    assertThat(position).isEqualTo(new AppliedPosition(3, 7));
    assertThat(node.machine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(3, 7));
  }

  @Test
  void listenersHearEachAppliedEntryWithItsEvents() {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, closeSession(first(1)));

    assertThat(node.recorder.applied).containsOnlyKeys(first(1), first(2));
    assertThat(node.recorder.applied.get(first(1))).containsExactly(new ApplyEvent.SessionCreated(first(1), first(1), 5_000));
    assertThat(node.recorder.applied.get(first(2)))
        .containsExactly(new ApplyEvent.SessionRemoved(first(2), first(1), RemovalReason.CLOSED));
  }

  @Test
  void listenersObserveEachAppliedCommandsType() {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, closeSession(first(1)));
    node.applyData(1, 3, ByteString.copyFrom(new byte[] {(byte) 0xFF}));

    assertThat(node.recorder.commandTypes).containsExactlyInAnyOrderEntriesOf(Map.of(first(1), Command.BodyCase.CREATE_SESSION,
        first(2), Command.BodyCase.CLOSE_SESSION, first(3), Command.BodyCase.BODY_NOT_SET));
  }

  @Test
  void entryThatIsNotACommandIsAppliedAsANoOpAnsweredWithInternal() {
    CommandResult result = node.applyData(1, 1, ByteString.copyFrom(new byte[] {(byte) 0xFF}));

    assertThat(result.getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(node.machine.appliedIndex()).isEqualTo(last(1));
    assertThat(node.recorder.applied.get(first(1))).isEmpty();
  }

  @Test
  void batchEntryIsAnsweredWithOneResultPerCommandAndHeardCommandByCommand() {
    Command batch = Command.newBuilder().setBatch(Batch.newBuilder()
        .addCommands(createSession(5_000, "web")).addCommands(closeSession(Positions.of(4, 0)))).build();

    BatchResult results = node.applyBatch(1, 4, batch);

    assertThat(results.getResultsList()).extracting(CommandResult::getBodyCase)
        .containsExactly(CommandResult.BodyCase.CREATE_SESSION, CommandResult.BodyCase.CLOSE_SESSION);
    assertThat(node.recorder.applied).containsOnlyKeys(Positions.of(4, 0), Positions.of(4, 1));
    assertThat(node.recorder.commandTypes).containsExactlyInAnyOrderEntriesOf(Map.of(
        Positions.of(4, 0), Command.BodyCase.CREATE_SESSION, Positions.of(4, 1), Command.BodyCase.CLOSE_SESSION));
    assertThat(node.machine.appliedIndex()).isEqualTo(last(4));
  }

  @Test
  void batchOverTheLimitIsAnsweredWithAnErrorPerCommandAndTheMachineGoesOn() {
    Command tooBig = Command.newBuilder().setBatch(Batch.newBuilder()
        .addAllCommands(Collections.nCopies(Positions.MAX_COMMANDS_PER_ENTRY + 1, createSession(5_000, "web")))).build();

    BatchResult results = node.applyBatch(1, 1, tooBig);
    CommandResult next = node.apply(1, 2, createSession(5_000, "db"));

    assertThat(results.getResultsList()).hasSize(Positions.MAX_COMMANDS_PER_ENTRY + 1)
        .allSatisfy(r -> assertThat(r.getError().getCode()).isEqualTo(ErrorCode.INTERNAL));
    assertThat(next.getCreateSession().getSessionId()).isEqualTo(first(2));
    assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getOwner).containsExactly("db");
  }

  @Test
  void replayedBatchEntryIsAnsweredWithANoResultPerCommand() throws IOException {
    Command batch = Command.newBuilder().setBatch(Batch.newBuilder()
        .addCommands(createSession(5_000, "web")).addCommands(createSession(5_000, "db"))).build();
    node.applyBatch(1, 1, batch);
    node.restart();

    BatchResult replayed = node.applyBatch(1, 1, batch);

    assertThat(replayed.getResultsList()).extracting(CommandResult::getBodyCase)
        .containsExactly(CommandResult.BodyCase.NONE, CommandResult.BodyCase.NONE);
    assertThat(node.machine.read(SessionTable::all)).hasSize(2);
  }

  @Test
  void restartedMachineResumesFromTheStoresAppliedIndex() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, createSession(5_000, "db"));

    node.restart();

    assertThat(node.machine.appliedIndex()).isEqualTo(last(2));
    assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getId).containsExactly(first(1), first(2));
  }

  @Test
  void replayedEntriesTheStoreAlreadyHoldsAreSkipped() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, closeSession(first(1)));
    node.restart();

    CommandResult replayed = node.apply(1, 1, createSession(5_000, "web"));

    assertThat(replayed.getBodyCase()).isEqualTo(CommandResult.BodyCase.NONE);
    assertThat(node.machine.read(SessionTable::all)).isEmpty();
    assertThat(node.machine.appliedIndex()).isEqualTo(last(2));
    assertThat(node.machine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 1));
  }

  @Test
  void replayedEntriesAreNotPublishedToListenersAgain() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.restart();
    node.recorder.applied.clear();

    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, createSession(5_000, "db"));

    assertThat(node.recorder.applied).containsOnlyKeys(first(2));
  }

  @Test
  void takeSnapshotWithNothingAppliedTakesNone() throws IOException {
    assertThat(node.machine.takeSnapshot()).isEqualTo(-1);
    assertThat(node.machine.getLatestSnapshot()).isNull();
  }

  @Test
  void takeSnapshotCheckpointsTheStoreAtTheLastAppliedPosition() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(2, 2, createSession(5_000, "db"));
    List<String> content = node.machine.read(StoreContents::all);

    long index = node.machine.takeSnapshot();

    assertThat(index).isEqualTo(2);
    assertThat(node.machine.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 2));
    try (WardenStore checkpoint = WardenStore.open(snapshotDirectory(TermIndex.valueOf(2, 2)))) {
      assertThat(checkpoint.applied()).isEqualTo(new AppliedPosition(2, 2));
      assertThat(StoreContents.all(checkpoint)).isEqualTo(content);
    }
  }

  @Test
  void listenersHearOfEachSnapshotTakenButNotOfOneSkipped() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.machine.takeSnapshot();
    node.machine.takeSnapshot();

    assertThat(node.recorder.snapshots).containsExactly(1L);
  }

  @Test
  void takeSnapshotAtTheLatestSnapshotsPositionWritesNoNewCheckpoint() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.machine.takeSnapshot();

    long again = node.machine.takeSnapshot();

    assertThat(again).isEqualTo(1);
    assertThat(snapshotDirectoryNames()).containsExactly("snap.1_1");
  }

  @Test
  void snapshotAfterRaftOnlyEntriesRecordsTheSnapshotPositionInTheCheckpoint() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.machine.notifyTermIndexUpdated(2, 2); // a configuration entry: Ratis's own, no apply

    long index = node.machine.takeSnapshot();

    assertThat(index).isEqualTo(2);
    assertThat(node.machine.appliedIndex()).isEqualTo(last(2));
    try (WardenStore checkpoint = WardenStore.open(snapshotDirectory(TermIndex.valueOf(2, 2)))) {
      assertThat(checkpoint.applied()).isEqualTo(new AppliedPosition(2, 2));
    }
  }

  @Test
  void restartWithTheStoreLostRestoresItFromTheLatestSnapshot() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.apply(1, 2, createSession(5_000, "db"));
    node.machine.takeSnapshot();
    node.machine.close();
    FileUtils.deleteFully(node.storeDirectory);

    node.restart();

    assertThat(node.machine.appliedIndex()).isEqualTo(last(2));
    assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getId).containsExactly(first(1), first(2));
    assertThat(node.machine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 2));
  }

  @Test
  void restartWithTheStoreBehindTheLatestSnapshotRestoresItFromTheSnapshot() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    Path stale = dir.resolve("stale-store");
    node.machine.read(store -> {
      ((WardenStore) store).checkpoint(stale);
      return null;
    });
    node.apply(1, 2, closeSession(first(1)));
    node.apply(1, 3, createSession(5_000, "db"));
    node.machine.takeSnapshot();
    node.machine.close();
    FileUtils.deleteFully(node.storeDirectory);
    Files.move(stale, node.storeDirectory);

    node.restart();

    assertThat(node.machine.appliedIndex()).isEqualTo(last(3));
    assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getId).containsExactly(first(3));
  }

  @Test
  void restartWithTheStoreAheadOfTheLatestSnapshotKeepsTheStore() throws IOException {
    node.apply(1, 1, createSession(5_000, "web"));
    node.machine.takeSnapshot();
    node.apply(1, 2, createSession(5_000, "db"));

    node.restart();

    assertThat(node.machine.appliedIndex()).isEqualTo(last(2));
    assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getId).containsExactly(first(1), first(2));
    // Ratis replays from the snapshot; the entries the store holds are then skipped.
    assertThat(node.machine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 1));
  }

  @Test
  void installedSnapshotReplacesTheStoreAndIsAnnouncedToListeners() throws IOException {
    try (StateMachineNode leader = new StateMachineNode(dir.resolve("n2"), "n2")) {
      leader.apply(1, 1, createSession(5_000, "web"));
      leader.apply(1, 2, createSession(5_000, "db"));
      leader.apply(2, 3, closeSession(first(1)));
      leader.machine.takeSnapshot();
      List<String> leaderContent = leader.machine.read(StoreContents::all);
      node.apply(1, 1, createSession(7_000, "follower-only"));
      node.machine.takeSnapshot();

      installLatestSnapshot(leader, node);

      assertThat(node.machine.read(StoreContents::all)).isEqualTo(leaderContent);
      assertThat(node.machine.appliedIndex()).isEqualTo(last(3));
      assertThat(node.machine.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 3));
      assertThat(node.recorder.reloaded).containsExactly(last(3));
    }
  }

  @Test
  void machineAppliesTheNextEntryAfterAnInstalledSnapshot() throws IOException {
    try (StateMachineNode leader = new StateMachineNode(dir.resolve("n2"), "n2")) {
      leader.apply(1, 1, createSession(5_000, "web"));
      leader.machine.takeSnapshot();
      installLatestSnapshot(leader, node);

      CommandResult next = node.apply(1, 2, createSession(5_000, "db"));

      assertThat(next.getCreateSession().getSessionId()).isEqualTo(first(2));
      assertThat(node.machine.read(SessionTable::all)).extracting(SessionRecord::getId).containsExactly(first(1), first(2));
    }
  }

  @Test
  void startTransactionStampsTheLeadersClockIntoTheEntry() throws IOException {
    Command unstamped = Command.newBuilder().setCreateSession(createSession(5_000, "web").getCreateSession()).build();
    long before = System.currentTimeMillis();

    TransactionContext trx = node.machine.startTransaction(clientRequest(ByteString.copyFrom(unstamped.toByteArray())));

    long after = System.currentTimeMillis();
    assertThat(trx.getException()).isNull();
    Command logged = Command.parseFrom(trx.getStateMachineLogEntry().getLogData().toByteArray());
    assertThat(logged.getLeaderStampMillis()).isBetween(before, after);
    assertThat(logged.getCreateSession()).isEqualTo(unstamped.getCreateSession());
  }

  @Test
  void startTransactionReplacesAStampTheRequestCarriedAndKeepsTheDecodedEntryForTheLeadersApply() throws IOException {
    Command request = Command.newBuilder().setLeaderStampMillis(7)
        .setBatch(Batch.newBuilder().addCommands(createSession(5_000, "a")).addCommands(createSession(6_000, "b")))
        .build();

    TransactionContext trx = node.machine.startTransaction(clientRequest(ByteString.copyFrom(request.toByteArray())));

    Command logged = Command.parseFrom(trx.getStateMachineLogEntry().getLogData().toByteArray());
    assertThat(logged.getLeaderStampMillis()).isGreaterThan(7);
    assertThat(logged.getBatch()).isEqualTo(request.getBatch());
    // What followers decode from the log is exactly what the leader applies from the context.
    assertThat(trx.getStateMachineContext()).isEqualTo(logged);
  }

  @Test
  void startTransactionRejectsARequestThatIsNotACommand() throws IOException {
    TransactionContext trx = node.machine.startTransaction(clientRequest(ByteString.copyFrom(new byte[] {(byte) 0xFF})));

    assertThat(trx.getException()).isInstanceOf(IOException.class).hasMessageContaining("not a Warden command");
  }

  /**
   * What Ratis does on a follower that installs the leader's snapshot: the state-machine
   * directory is replaced by the received files (with an {@code .md5} beside each), then the
   * state machine is paused and reinitialized.
   */
  private static void installLatestSnapshot(StateMachineNode from, StateMachineNode to) throws IOException {
    Path source = from.machine.getStateMachineStorage().getSnapshotDir().toPath();
    Path target = to.machine.getStateMachineStorage().getSnapshotDir().toPath();
    Path received = from.machine.getLatestSnapshot().getFiles().get(0).getPath().getParent();
    FileUtils.deleteFully(target);
    Path copy = target.resolve(source.relativize(received));
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(received)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
        Files.writeString(copy.resolve(file.getFileName() + ".md5"), "0123456789abcdef  " + file.getFileName() + "\n");
      }
    }
    to.machine.pause();
    to.machine.reinitialize();
  }

  private RaftClientRequest clientRequest(ByteString content) {
    return RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("n1"))
        .setGroupId(StateMachineNode.GROUP)
        .setCallId(1)
        .setMessage(Message.valueOf(content))
        .setType(RaftClientRequest.writeRequestType())
        .build();
  }

  private Path snapshotDirectory(TermIndex position) {
    return node.machine.getStateMachineStorage().getSnapshotDir().toPath()
        .resolve("snap." + position.getTerm() + "_" + position.getIndex());
  }

  private List<String> snapshotDirectoryNames() throws IOException {
    try (Stream<Path> entries = Files.list(node.machine.getStateMachineStorage().getSnapshotDir().toPath())) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}
