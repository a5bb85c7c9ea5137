package io.warden.statemachine.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.statemachine.store.AppliedPosition;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.WardenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots as checkpoint directories {@code snap.<term>_<index>} in Ratis's state-machine directory. */
class CheckpointSnapshotsTest {
  @TempDir Path dir;
  RaftStorage raftStorage;
  WardenStore store;
  CheckpointSnapshots snapshots = new CheckpointSnapshots();

  @BeforeEach
  void initialize() throws IOException {
    raftStorage = RaftStorageFixture.format(dir.resolve("raft"));
    store = WardenStore.open(dir.resolve("store"));
    snapshots.init(raftStorage);
  }

  @AfterEach
  void close() throws IOException {
    store.close();
    raftStorage.close();
  }

  @Test
  void thereIsNoSnapshotBeforeTheFirstCheckpoint() {
    assertThat(snapshots.getLatestSnapshot()).isNull();
    assertThat(snapshots.latestPath()).isEmpty();
  }

  @Test
  void snapshotsLiveInRatisStateMachineDirectory() {
    assertThat(snapshots.getSnapshotDir()).isEqualTo(raftStorage.getStorageDir().getStateMachineDir());
    assertThat(snapshots.pathFor(TermIndex.valueOf(3, 42)))
        .isEqualTo(raftStorage.getStorageDir().getStateMachineDir().toPath().resolve("snap.3_42"));
  }

  @Test
  void aPublishedCheckpointIsTheLatestSnapshotAtItsPosition() {
    TermIndex position = checkpointAt(2, 7);

    snapshots.published(position);

    assertThat(snapshots.getLatestSnapshot().getTermIndex()).isEqualTo(position);
    assertThat(snapshots.latestPath()).contains(snapshots.pathFor(position));
  }

  @Test
  void aSnapshotListsEveryFileOfItsCheckpoint() throws IOException {
    TermIndex position = checkpointAt(2, 7);

    snapshots.published(position);

    assertThat(listedFiles(snapshots.getLatestSnapshot()))
        .containsExactlyInAnyOrderElementsOf(regularFiles(snapshots.pathFor(position)))
        .anyMatch(p -> p.getFileName().toString().startsWith("MANIFEST"));
  }

  @Test
  void aSnapshotLeavesOutTheMd5FilesRatisWritesBesideReceivedFiles() throws IOException {
    TermIndex position = checkpointAt(2, 7);
    List<Path> checkpointFiles = regularFiles(snapshots.pathFor(position));
    for (Path file : checkpointFiles) {
      Files.writeString(file.resolveSibling(file.getFileName() + ".md5"), "0123456789abcdef  x\n");
    }

    snapshots.reload();

    assertThat(listedFiles(snapshots.getLatestSnapshot())).containsExactlyInAnyOrderElementsOf(checkpointFiles);
  }

  @Test
  void reloadFindsTheNewestCheckpointByNumericIndexNotByName() {
    checkpointAt(1, 9);
    checkpointAt(1, 10);

    snapshots.reload();

    assertThat(snapshots.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(1, 10));
  }

  @Test
  void reloadIgnoresEntriesThatAreNotSnapshotDirectories() throws IOException {
    checkpointAt(1, 5);
    Path smDir = snapshots.getSnapshotDir().toPath();
    Files.createDirectories(smDir.resolve("snap.1_9.tmp"));
    Files.createDirectories(smDir.resolve("snap.x_y"));
    Files.writeString(smDir.resolve("notes.txt"), "not a snapshot");

    snapshots.reload();

    assertThat(snapshots.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(1, 5));
  }

  @Test
  void aNewInstanceFindsTheCheckpointsOfAnEarlierRun() throws IOException {
    checkpointAt(1, 5);
    snapshots.published(checkpointAt(2, 8));

    CheckpointSnapshots afterRestart = new CheckpointSnapshots();
    afterRestart.init(raftStorage);

    assertThat(afterRestart.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 8));
    assertThat(afterRestart.latestPath()).contains(snapshots.pathFor(TermIndex.valueOf(2, 8)));
  }

  @Test
  void cleanupKeepsTheTwoNewestEvenWhenThePolicyRetainsOne() throws IOException {
    checkpointAt(1, 1);
    checkpointAt(1, 2);
    checkpointAt(1, 3);
    snapshots.published(checkpointAt(1, 4));

    snapshots.cleanupOldSnapshots(retaining(1));

    assertThat(snapshotDirectories()).containsExactlyInAnyOrder("snap.1_3", "snap.1_4");
    assertThat(snapshots.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(1, 4));
  }

  @Test
  void cleanupKeepsAsManyAsThePolicyRetainsWhenThatIsMoreThanTwo() throws IOException {
    checkpointAt(1, 1);
    checkpointAt(1, 2);
    checkpointAt(1, 3);
    checkpointAt(1, 4);

    snapshots.cleanupOldSnapshots(retaining(3));

    assertThat(snapshotDirectories()).containsExactlyInAnyOrder("snap.1_2", "snap.1_3", "snap.1_4");
  }

  @Test
  void cleanupDeletesNothingWhenThePolicyRetainsEverySnapshot() throws IOException {
    checkpointAt(1, 1);
    checkpointAt(1, 2);
    checkpointAt(1, 3);

    snapshots.cleanupOldSnapshots(new SnapshotRetentionPolicy() {});

    assertThat(snapshotDirectories()).containsExactlyInAnyOrder("snap.1_1", "snap.1_2", "snap.1_3");
  }

  @Test
  void aSnapshotListsItsFilesByAbsolutePathEvenWhenRatisStorageIsRelative() throws IOException {
    Path relativeRoot = Path.of("").toAbsolutePath().relativize(dir.resolve("relative-raft"));
    try (RaftStorage relativeStorage = RaftStorageFixture.format(relativeRoot)) {
      CheckpointSnapshots relative = new CheckpointSnapshots();
      relative.init(relativeStorage);
      TermIndex position = TermIndex.valueOf(1, 3);
      store.checkpoint(relative.pathFor(position));

      relative.published(position);

      assertThat(listedFiles(relative.getLatestSnapshot())).isNotEmpty().allMatch(Path::isAbsolute);
    }
  }

  @Test
  void positionOfReadsTermAndIndexFromTheDirectoryName() {
    assertThat(CheckpointSnapshots.positionOf(Path.of("/x/sm/snap.12_3456"))).isEqualTo(TermIndex.valueOf(12, 3456));
    assertThatThrownBy(() -> CheckpointSnapshots.positionOf(Path.of("/x/sm/snap.12_3456.tmp")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Commits the position to the store and writes its checkpoint where the snapshot for it goes. */
  private TermIndex checkpointAt(long term, long index) {
    try (StoreBatch batch = store.newBatch()) {
      store.commit(batch, new AppliedPosition(term, index));
    }
    TermIndex position = TermIndex.valueOf(term, index);
    store.checkpoint(snapshots.pathFor(position));
    return position;
  }

  private static SnapshotRetentionPolicy retaining(int count) {
    return new SnapshotRetentionPolicy() {
      @Override
      public int getNumSnapshotsRetained() {
        return count;
      }
    };
  }

  private List<String> snapshotDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(snapshots.getSnapshotDir().toPath())) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static List<Path> listedFiles(SnapshotInfo snapshot) {
    return snapshot.getFiles().stream().map(FileInfo::getPath).toList();
  }

  private static List<Path> regularFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
