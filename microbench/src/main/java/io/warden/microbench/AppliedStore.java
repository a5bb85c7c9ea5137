package io.warden.microbench;

import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.CommandApplier;
import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store in a temp dir that applies entries as the Ratis adapter does: one RocksDB write batch per
 * entry, committed with the entry's position. Closing it deletes the directory.
 */
final class AppliedStore implements AutoCloseable {
  private final CommandApplier applier = new CommandApplier();
  private final Path directory;
  private final WardenStore store;
  private long raftIndex;

  private AppliedStore(Path directory) {
    this.directory = directory;
    this.store = WardenStore.open(directory.resolve("store"));
  }

  static AppliedStore open() throws IOException {
    return new AppliedStore(Files.createTempDirectory("warden-microbench"));
  }

  /** Applies {@code entry} (one command or a batch) as the next log entry; one result per command. */
  List<Applied> applyEntry(Command entry) {
    raftIndex++;
    try (StoreBatch batch = store.newBatch()) {
      List<Applied> applied = applier.applyEntry(batch, raftIndex, entry);
      store.commit(batch, new AppliedPosition(1, raftIndex));
      return applied;
    }
  }

  long raftIndex() {
    return raftIndex;
  }

  /** Writes a checkpoint, as a snapshot does, into a new directory beside the store. */
  void checkpoint() {
    store.checkpoint(directory.resolve("checkpoint-" + raftIndex));
  }

  @Override
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
