package io.warden.server.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageMetadata;

/**
 * Prepares a new server's Raft storage to start from a snapshot instead of an empty state: the
 * restore of a backup. The storage is formatted by Ratis itself, the snapshot's files go where the
 * state machine keeps its snapshots, and the stored term is set to the snapshot's.
 *
 * <p>Why this works: on start the state machine reports that snapshot as its latest, so Ratis opens
 * the log right after its index and the first new entry gets a higher index than anything in the
 * backup; fencing tokens (log indexes) keep increasing across the restore, and the store, restored
 * from the checkpoint, skips no new entry. The stored term makes the first election's term higher
 * than the snapshot's, as Raft requires of every later entry.
 */
public final class SnapshotSeed {
  private SnapshotSeed() {}

  /**
   * @param raftRoot     the server's Raft storage root (its data directory's {@code raft})
   * @param snapshotTree the snapshot's files, laid out as relative to the state machine's
   *                     snapshot directory (as {@link GroupAdmin.SnapshotFiles} lists them)
   * @param term         the term of the snapshot's last entry
   * @throws IOException if the storage exists already or cannot be written
   */
  public static void plant(UUID clusterId, Path raftRoot, Path snapshotTree, long term) throws IOException {
    Path groupDirectory = raftRoot.resolve(RaftGroupId.valueOf(clusterId).getUuid().toString());
    if (Files.exists(groupDirectory)) {
      throw new IOException(groupDirectory + " exists already: restore only into an empty data directory");
    }
    RaftStorage storage = RaftStorage.newBuilder()
        .setDirectory(groupDirectory.toFile())
        .setOption(RaftStorage.StartupOption.FORMAT)
        .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT)
        .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.getDefault())
        .build();
    storage.initialize();
    try {
      storage.getMetadataFile()
          .persist(RaftStorageMetadata.valueOf(term, RaftStorageMetadata.getDefault().getVotedFor()));
      copyTree(snapshotTree, storage.getStorageDir().getStateMachineDir().toPath());
    } finally {
      storage.close();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
