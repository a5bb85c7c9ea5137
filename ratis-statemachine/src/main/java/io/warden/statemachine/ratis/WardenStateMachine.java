package io.warden.statemachine.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.PeerInfo;
import io.warden.protocol.command.Command;
import io.warden.protocol.client.BatchResult;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.CommandApplier;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.apply.Results;
import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.StoreReader;
import io.warden.statemachine.store.WardenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: decodes each entry, applies it with {@link CommandApplier} and
 * commits its effects together with the entry's position (DESIGN §3–§4).
 *
 * <p>The live RocksDB store lives outside Ratis's directories, because a snapshot install
 * replaces Ratis's state-machine directory wholesale. On restart Ratis replays from the latest
 * snapshot; entries at or below the store's applied index are skipped, so replay is idempotent.
 */
public final class WardenStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(WardenStateMachine.class);

  private final Path storeDirectory;
  private final CheckpointSnapshots snapshots = new CheckpointSnapshots();
  private final CommandApplier applier = new CommandApplier();
  private final List<StateMachineListener> listeners = new CopyOnWriteArrayList<>();
  /** Readers hold it shared; swapping the store after a snapshot install holds it exclusively. */
  private final ReentrantReadWriteLock storeLock = new ReentrantReadWriteLock();
  private volatile WardenStore store;

  /** @param storeDirectory where the live RocksDB store lives (outside Ratis's storage) */
  public WardenStateMachine(Path storeDirectory) {
    this.storeDirectory = storeDirectory;
  }

  public void addListener(StateMachineListener listener) {
    listeners.add(listener);
  }

  /** Runs {@code query} against the current store, excluding a concurrent snapshot reload. */
  public <T> T read(Function<StoreReader, T> query) {
    storeLock.readLock().lock();
    try {
      return query.apply(store);
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /**
   * The position through which the store holds every command's effects: the last position the last
   * applied entry can have ({@link Positions}). Compare it with tokens, epochs and event indexes.
   */
  public long appliedIndex() {
    return Positions.last(store.applied().index());
  }

  /** Bytes the live store takes on disk. */
  public long storeSizeOnDisk() {
    return read(WardenStore.class::cast).sizeOnDisk();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    getLifeCycle().startAndTransition(this::loadStore);
  }

  private void loadStore() throws IOException {
    SnapshotInfo snapshot = snapshots.getLatestSnapshot();
    WardenStore opened = WardenStore.open(storeDirectory);
    if (snapshot != null && opened.applied().index() < snapshot.getIndex()) {
      // The store is behind the newest snapshot (lost or replaced): start from the checkpoint.
      LOG.info("Store at index {} is behind snapshot {}; restoring it from the checkpoint",
          opened.applied().index(), snapshot.getTermIndex());
      opened.close();
      StoreRestorer.restore(snapshots.latestPath().orElseThrow(), storeDirectory);
      opened = WardenStore.open(storeDirectory);
    }
    store = opened;
    if (snapshot != null) {
      setLastAppliedTermIndex(snapshot.getTermIndex());
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return snapshots.getLatestSnapshot();
  }

  /**
   * Stamps the leader's wall-clock time into the entry: informational only, never compared.
   *
   * <p>The stamp is appended to the request's bytes as one encoded field rather than written by
   * re-serialising the command: protobuf lets a later occurrence of a scalar field replace an
   * earlier one, so the entry decodes to the command with the stamp, and an entry of up to
   * {@link Positions#MAX_COMMANDS_PER_ENTRY} commands is not copied again. The decoded, stamped
   * command rides along as the transaction's context, so this leader's apply does not decode it a
   * second time.
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder builder = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
    ByteString content = request.getMessage().getContent();
    try {
      Command command = Command.parseFrom(content.asReadOnlyByteBuffer());
      long stampMillis = System.currentTimeMillis();
      byte[] stamp = Command.newBuilder().setLeaderStampMillis(stampMillis).build().toByteArray();
      return builder.setLogData(content.concat(ByteString.copyFrom(stamp)))
          .setStateMachineContext(command.toBuilder().setLeaderStampMillis(stampMillis).build())
          .build();
    } catch (InvalidProtocolBufferException e) {
      TransactionContext rejected = builder.build();
      rejected.setException(new IOException("the request is not a Warden command: " + e.getMessage(), e));
      return rejected;
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    WardenStore current = store;
    // The leader kept the command it decoded in startTransaction; others decode the entry.
    Command command = trx.getStateMachineContext() instanceof Command started
        ? started : decode(index, trx.getStateMachineLogEntry().getLogData());
    if (index <= current.applied().index()) {
      // Replay of an entry whose effects the store already holds.
      updateLastAppliedTermIndex(entry.getTerm(), index);
      return reply(command, command != null && command.hasBatch()
          ? Collections.nCopies(command.getBatch().getCommandsCount(), new Applied(Results.none(), List.of()))
          : List.of(new Applied(Results.none(), List.of())));
    }
    long started = System.nanoTime();
    List<Applied> applied;
    try (StoreBatch batch = current.newBatch()) {
      applied = command == null
          ? List.of(new Applied(Results.error(ErrorCode.INTERNAL, "entry " + index + " does not decode"), List.of()))
          : applier.applyEntry(batch, index, command);
      current.commit(batch, new AppliedPosition(entry.getTerm(), index));
    }
    long applyNanos = System.nanoTime() - started;
    updateLastAppliedTermIndex(entry.getTerm(), index);
    // Listeners hear of each command at its position, in order, as if each were an entry. Commands
    // past the last slot (a batch over the limit, refused whole) have no position and changed nothing.
    int reported = Math.min(applied.size(), Positions.MAX_COMMANDS_PER_ENTRY);
    for (int slot = 0; slot < reported; slot++) {
      long position = Positions.of(index, slot);
      for (StateMachineListener listener : listeners) {
        listener.onApplied(position, applied.get(slot).events());
      }
    }
    long nanosEach = applyNanos / applied.size();
    for (int slot = 0; slot < reported; slot++) {
      Command.BodyCase type = commandType(command, slot);
      for (StateMachineListener listener : listeners) {
        listener.onCommandApplied(Positions.of(index, slot), type, applied.get(slot).result(), nanosEach);
      }
    }
    return reply(command, applied);
  }

  private static Command.BodyCase commandType(Command entry, int slot) {
    if (entry == null) {
      return Command.BodyCase.BODY_NOT_SET;
    }
    return entry.hasBatch() ? entry.getBatch().getCommands(slot).getBodyCase() : entry.getBodyCase();
  }

  /** A batch entry is answered with a {@link BatchResult}, any other with its command's result. */
  private static CompletableFuture<Message> reply(Command entry, List<Applied> applied) {
    if (entry != null && entry.hasBatch()) {
      BatchResult.Builder results = BatchResult.newBuilder();
      applied.forEach(a -> results.addResults(a.result()));
      return CompletableFuture.completedFuture(Message.valueOf(ByteBuffer.wrap(results.build().toByteArray())));
    }
    return reply(applied.get(0).result());
  }

  /** The entry's command, or null when it does not decode (then it applies as a no-op). */
  private static Command decode(long index, ByteString data) {
    try {
      return Command.parseFrom(data.asReadOnlyByteBuffer());
    } catch (InvalidProtocolBufferException e) {
      // Only a bug or a corrupt log gets here; the entry still counts as applied everywhere.
      LOG.error("Entry {} is not a Warden command; applying it as a no-op", index, e);
      return null;
    }
  }

  private static CompletableFuture<Message> reply(CommandResult result) {
    return CompletableFuture.completedFuture(Message.valueOf(ByteBuffer.wrap(result.toByteArray())));
  }

  /** Runs on the apply thread after every outstanding apply completed: the store is at lastApplied. */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex position = getLastAppliedTermIndex();
    if (position == null || position.getIndex() <= 0) {
      return -1;
    }
    SnapshotInfo latest = snapshots.getLatestSnapshot();
    if (latest != null && latest.getIndex() >= position.getIndex()) {
      return latest.getIndex();
    }
    long started = System.nanoTime();
    if (store.applied().index() < position.getIndex()) {
      // Entries after the store's index are Raft's own (configuration, metadata): they change
      // no state, so the store is at the snapshot's position. Record that, so a restart from
      // this checkpoint does not mistake the store for being behind.
      try (StoreBatch nothing = store.newBatch()) {
        store.commit(nothing, new AppliedPosition(position.getTerm(), position.getIndex()));
      }
    }
    store.checkpoint(snapshots.pathFor(position));
    snapshots.published(position);
    long durationNanos = System.nanoTime() - started;
    LOG.info("Snapshot taken at {} in {} ms", position, durationNanos / 1_000_000);
    for (StateMachineListener listener : listeners) {
      listener.onSnapshotTaken(position.getIndex(), durationNanos);
    }
    return position.getIndex();
  }

  /** Called before Ratis publishes an installed snapshot; may be called more than once. */
  @Override
  public void pause() {
    LifeCycle lifeCycle = getLifeCycle();
    if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
      lifeCycle.transition(LifeCycle.State.PAUSING);
      lifeCycle.transition(LifeCycle.State.PAUSED);
    }
  }

  /** Reopens the store from the snapshot Ratis just installed. */
  @Override
  public void reinitialize() throws IOException {
    snapshots.reload();
    SnapshotInfo snapshot = snapshots.getLatestSnapshot();
    storeLock.writeLock().lock();
    try {
      store.close();
      StoreRestorer.restore(snapshots.latestPath().orElseThrow(), storeDirectory);
      store = WardenStore.open(storeDirectory);
    } finally {
      storeLock.writeLock().unlock();
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
    LOG.info("Installed snapshot {}; state reloaded", snapshot.getTermIndex());
    for (StateMachineListener listener : listeners) {
      listener.onStateReloaded(Positions.last(snapshot.getIndex()));
    }
  }

  @Override
  public void notifyLeaderReady() {
    long term;
    try {
      term = getServer().join().getDivision(getGroupIdOrThrow()).getInfo().getCurrentTerm();
    } catch (IOException e) {
      throw new UncheckedIOException("this server's own group is gone", e);
    }
    listeners.forEach(l -> l.onLeaderReady(term));
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    listeners.forEach(StateMachineListener::onNotLeader);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    listeners.forEach(l -> l.onLeaderChanged(newLeaderId.toString()));
  }

  /** Joint configurations are skipped: the stable one that ends the change follows them. */
  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto configuration) {
    if (configuration.getOldPeersCount() > 0) {
      return;
    }
    List<PeerInfo> voters = configuration.getPeersList().stream()
        .map(peer -> PeerInfo.newBuilder()
            .setId(peer.getId().toStringUtf8())
            .setRaftAddress(peer.getAddress())
            .setClientAddress(peer.getClientAddress())
            .setAdminAddress(peer.getAdminAddress())
            .build())
        .sorted(Comparator.comparing(PeerInfo::getId))
        .toList();
    listeners.forEach(l -> l.onConfigurationChanged(index, voters));
  }

  private RaftGroupId getGroupIdOrThrow() {
    return Optional.ofNullable(getGroupId()).orElseThrow(() -> new IllegalStateException("not initialized"));
  }

  @Override
  public void close() throws IOException {
    storeLock.writeLock().lock();
    try {
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      storeLock.writeLock().unlock();
    }
    super.close();
  }
}
