package io.warden.server;

import io.warden.server.backup.BackupLayout;
import io.warden.server.backup.Restore;
import io.warden.server.config.ConfigException;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code warden-server restore BACKUP_DIR CONF}: prepares the data directory of the node
 * {@code CONF} describes from a backup written by {@code wardenctl backup}. Prints one line; exits
 * 0 when done, 1 when the backup cannot be restored, 2 on a usage or configuration error (each
 * error is one line starting with {@code warden-server: }).
 */
public final class WardenRestoreMain {
  private WardenRestoreMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      fail(2, "usage: warden-server restore BACKUP_DIR CONF");
    }
    Path backup = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]);
    if (!Files.isDirectory(backup)) {
      fail(2, "no such backup directory: " + backup);
    }
    if (!Files.isReadable(conf)) {
      fail(2, "cannot read configuration " + conf);
    }
    try {
      ServerConfig config = ServerConfig.load(conf, WardenServerMain.dataRoot());
      BackupLayout restored = Restore.restore(backup, config);
      System.out.println("restored " + config.nodeId() + " from " + backup + " (index " + restored.index() + ", term "
          + restored.term() + ", taken on " + restored.serverId() + " of cluster " + restored.clusterId() + ") into "
          + config.dataDirectory() + " for cluster " + config.clusterId());
    } catch (ConfigException e) {
      fail(2, e.getMessage());
    } catch (IOException | RuntimeException e) {
      fail(1, "restore failed: " + e.getMessage());
    }
  }

  private static void fail(int status, String message) {
    System.err.println("warden-server: " + message);
    System.exit(status);
  }
}
