package io.warden.statemachine.testing;

import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.CommandApplier;
import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A store and an applier, applying entries the way the Ratis adapter does (one batch per
 * entry, committed with the entry's position) but without Ratis.
 */
public final class Replica implements AutoCloseable {
  public static final long TERM = 1;

  private final WardenStore store;
  private final CommandApplier applier = new CommandApplier();

  private Replica(WardenStore store) {
    this.store = store;
  }

  public static Replica open(Path directory) {
    return new Replica(WardenStore.open(directory));
  }

  public WardenStore store() {
    return store;
  }

  /** Applies {@code command} as the entry at {@code index} and commits it. */
  public Applied apply(long index, Command command) {
    try (StoreBatch batch = store.newBatch()) {
      Applied applied = applier.apply(batch, index, command);
      store.commit(batch, new AppliedPosition(TERM, index));
      return applied;
    }
  }

  /** Applies {@code entry} (one command or a batch) as the entry at {@code raftIndex}, as the Ratis adapter does. */
  public List<Applied> applyEntry(long raftIndex, Command entry) {
    try (StoreBatch batch = store.newBatch()) {
      List<Applied> applied = applier.applyEntry(batch, raftIndex, entry);
      store.commit(batch, new AppliedPosition(TERM, raftIndex));
      return applied;
    }
  }

  /** Applies {@code command} as the entry after the last applied one. */
  public Applied applyNext(Command command) {
    return apply(store.applied().index() + 1, command);
  }

  @Override
  public void close() {
    store.close();
  }
}
