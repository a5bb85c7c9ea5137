package io.warden.statemachine.ratis;

import static io.warden.statemachine.store.Keys.ofLong;
import static io.warden.statemachine.store.Keys.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import io.warden.statemachine.testing.StoreContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring the live store from a checkpoint, as after a snapshot install or a lost store. */
class StoreRestorerTest {
  @TempDir Path dir;
  Path checkpoint;
  Path live;
  List<String> checkpointContent;

  /** A checkpoint at (2, 10) holding session 10; the live store has moved on to (2, 20). */
  @BeforeEach
  void checkpointThenMoveOn() {
    checkpoint = dir.resolve("snap.2_10");
    live = dir.resolve("live");
    try (WardenStore store = WardenStore.open(live)) {
      commit(store, new AppliedPosition(2, 10), 10, "from-checkpoint");
      checkpointContent = StoreContents.all(store);
      store.checkpoint(checkpoint);
      commit(store, new AppliedPosition(2, 20), 20, "only-in-live");
    }
  }

  @Test
  void restoreReplacesTheLiveStoreWithTheCheckpointsContentAndPosition() throws IOException {
    StoreRestorer.restore(checkpoint, live);

    try (WardenStore restored = WardenStore.open(live)) {
      assertThat(restored.applied()).isEqualTo(new AppliedPosition(2, 10));
      assertThat(StoreContents.all(restored)).isEqualTo(checkpointContent);
      assertThat(restored.get(Family.SESSIONS, ofLong(20))).isNull();
    }
  }

  @Test
  void restoreCreatesTheLiveStoreWhenItIsMissing() throws IOException {
    Path missing = dir.resolve("lost");

    StoreRestorer.restore(checkpoint, missing);

    try (WardenStore restored = WardenStore.open(missing)) {
      assertThat(restored.applied()).isEqualTo(new AppliedPosition(2, 10));
    }
  }

  @Test
  void restoreLeavesOutTheMd5FilesRatisWritesBesideReceivedFiles() throws IOException {
    try (Stream<Path> files = Files.list(checkpoint)) {
      for (Path file : files.toList()) {
        Files.writeString(file.resolveSibling(file.getFileName() + ".md5"), "d41d8cd98f00b204e9800998ecf8427e  x\n");
      }
    }

    StoreRestorer.restore(checkpoint, live);

    assertThat(fileNames(live)).noneMatch(name -> name.endsWith(".md5")).isNotEmpty();
    try (WardenStore restored = WardenStore.open(live)) {
      assertThat(StoreContents.all(restored)).isEqualTo(checkpointContent);
    }
  }

  @Test
  void restoreLeavesNoStagingDirectoryBehind() throws IOException {
    StoreRestorer.restore(checkpoint, live);

    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("snap.2_10", "live");
    }
  }

  @Test
  void restoreDiscardsWhatAnInterruptedRestoreLeftInStaging() throws IOException {
    Path staging = dir.resolve("live.restoring");
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("000999.sst"), "half-copied garbage");

    StoreRestorer.restore(checkpoint, live);

    assertThat(staging).doesNotExist();
    assertThat(fileNames(live)).doesNotContain("000999.sst");
    try (WardenStore restored = WardenStore.open(live)) {
      assertThat(StoreContents.all(restored)).isEqualTo(checkpointContent);
    }
  }

  @Test
  void onlyTheImmutableSstFilesAreSharedWithTheCheckpoint() throws IOException {
    StoreRestorer.restore(checkpoint, live);

    try (Stream<Path> files = Files.list(live)) {
      for (Path file : files.toList()) {
        boolean shared = Files.isSameFile(file, checkpoint.resolve(file.getFileName()));
        assertThat(shared).as("%s shared with the checkpoint", file.getFileName())
            .isEqualTo(file.getFileName().toString().endsWith(".sst"));
      }
    }
  }

  @Test
  void writingToTheRestoredStoreLeavesTheCheckpointIntact() throws IOException {
    StoreRestorer.restore(checkpoint, live);
    try (WardenStore restored = WardenStore.open(live)) {
      commit(restored, new AppliedPosition(3, 11), 11, "after-restore");
    }

    try (WardenStore snapshot = WardenStore.open(checkpoint)) {
      assertThat(snapshot.applied()).isEqualTo(new AppliedPosition(2, 10));
      assertThat(StoreContents.all(snapshot)).isEqualTo(checkpointContent);
    }
  }

  private static void commit(WardenStore store, AppliedPosition position, long sessionId, String value) {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(Family.SESSIONS, ofLong(sessionId), ofString(value));
      store.commit(batch, position);
    }
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
