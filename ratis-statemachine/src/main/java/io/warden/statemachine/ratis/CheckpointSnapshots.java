package io.warden.statemachine.ratis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.util.FileUtils;

/**
 * Snapshots as RocksDB checkpoints: one directory {@code snap.<term>_<index>} per snapshot in
 * Ratis's state-machine directory. Ratis ships those files to a follower whose log was purged;
 * a follower that installs one finds it in the same place (Ratis replaces the whole directory).
 */
final class CheckpointSnapshots implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snap\\.(\\d+)_(\\d+)");
  /** The leader streams files without pinning them, so one older checkpoint always stays. */
  private static final int MIN_RETAINED = 2;

  private volatile File directory;
  private volatile SnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    // Absolute: the leader ships a file under its relative path only when the listed path is
    // absolute; a relative one would be sent as is and land outside the follower's snapshot.
    directory = raftStorage.getStorageDir().getStateMachineDir().getAbsoluteFile();
    Files.createDirectories(directory.toPath());
    reload();
  }

  /** Re-reads the directory, e.g. after Ratis installed a snapshot into it. */
  void reload() {
    latest = list().findFirst().map(CheckpointSnapshots::describe).orElse(null);
  }

  /** Where the checkpoint for {@code position} goes. */
  Path pathFor(TermIndex position) {
    return directory.toPath().resolve("snap." + position.getTerm() + "_" + position.getIndex());
  }

  /** Makes the checkpoint just written at {@link #pathFor} the latest snapshot. */
  void published(TermIndex position) {
    latest = describe(pathFor(position));
  }

  /** The directory of the latest snapshot, if any. */
  Optional<Path> latestPath() {
    SnapshotInfo info = latest;
    return info == null ? Optional.empty() : Optional.of(pathFor(info.getTermIndex()));
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {
    // Nothing to prepare: directories are created on init.
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int retained = policy.getNumSnapshotsRetained();
    if (retained <= 0) {
      return; // Ratis's "keep every snapshot"
    }
    List<Path> old = list().skip(Math.max(MIN_RETAINED, retained)).toList();
    for (Path path : old) {
      FileUtils.deleteFully(path);
    }
  }

  @Override
  public File getSnapshotDir() {
    return directory;
  }

  /** Snapshot directories, newest first. */
  private Stream<Path> list() {
    try (Stream<Path> entries = Files.list(directory.toPath())) {
      return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing(CheckpointSnapshots::positionOf).reversed())
          .toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshots in " + directory, e);
    }
  }

  static TermIndex positionOf(Path snapshotDir) {
    Matcher m = NAME.matcher(snapshotDir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a snapshot directory: " + snapshotDir);
    }
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  /** Lists the checkpoint's files. Ratis writes {@code .md5} files beside received ones: not ours. */
  private static SnapshotInfo describe(Path snapshotDir) {
    try (Stream<Path> files = Files.walk(snapshotDir)) {
      List<FileInfo> infos = files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .sorted()
          .map(p -> new FileInfo(p, null))
          .toList();
      if (infos.isEmpty()) {
        throw new IllegalStateException("snapshot " + snapshotDir + " has no files");
      }
      return new FileListSnapshotInfo(infos, positionOf(snapshotDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshot " + snapshotDir, e);
    }
  }
}
