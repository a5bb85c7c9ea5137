package io.warden.server.backup;

import io.warden.server.config.ConfigException;
import io.warden.server.config.DataDirectory;
import io.warden.server.config.ServerConfig;
import io.warden.server.raft.SnapshotSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prepares one node of a new cluster from a backup ({@code bin/warden-server restore BACKUP CONF}).
 * Run it for every node of the new cluster, with the same backup, before starting any: each then
 * starts from the backup's checkpoint with its Raft log empty after the backup's index, under the
 * cluster id and peers of its own configuration (a new cluster id, or the old one, as the operator
 * chooses). Sessions come back with their TTL counted afresh from the first leader's election
 * (DESIGN §5); locks, waiters and tokens as they were; new tokens are higher than every restored
 * one.
 */
public final class Restore {
  private Restore() {}

  /**
   * @return the verified backup that was restored
   * @throws ConfigException if the configuration does not allow it (a join node, a data directory
   *                         that already holds state)
   * @throws IOException     if the backup is incomplete or damaged, or the data cannot be written;
   *                         what was written is removed again
   */
  public static BackupLayout restore(Path backupDirectory, ServerConfig config) throws ConfigException, IOException {
    if (config.join()) {
      throw new ConfigException("warden.join=true: a restored node bootstraps a new cluster from the backup;"
          + " remove warden.join from its configuration");
    }
    Path root = config.dataDirectory();
    if (DataDirectory.holdsState(root)) {
      throw new ConfigException("data directory " + root + " already holds a node's state: restore only into a new,"
          + " empty data directory (move the old one aside, or set warden.data.dir)");
    }
    BackupLayout backup = BackupLayout.verify(backupDirectory);
    DataDirectory data = DataDirectory.prepare(config);
    try {
      SnapshotSeed.plant(config.clusterId(), data.raft(), backup.checkpoint(), backup.term());
    } catch (IOException | RuntimeException e) {
      deleteTree(data.raft());
      Files.deleteIfExists(root.resolve("identity.properties"));
      throw e;
    }
    return backup;
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
