package io.warden.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A backup directory as {@code wardenctl backup DIR} writes it (the client library's
 * {@code ClusterAdmin.backup}), read back and verified for a restore:
 *
 * <pre>
 * DIR/backup.properties   format=1, cluster.id, server.id, index, term, taken.at, files, bytes
 *                         (written last: a directory without it is an incomplete backup)
 * DIR/SHA256SUMS          "&lt;sha256&gt;  checkpoint/&lt;path&gt;" per file; `cd DIR; sha256sum -c SHA256SUMS`
 * DIR/checkpoint/...      the leader's snapshot files, under the paths the server listed
 * </pre>
 *
 * @param directory  the backup directory
 * @param clusterId  the cluster the backup was taken from
 * @param serverId   the server (leader) it was taken on
 * @param index      the log index of the last entry the checkpoint holds
 * @param term       that entry's term
 */
public record BackupLayout(Path directory, UUID clusterId, String serverId, long index, long term) {
  public static final int FORMAT = 1;
  public static final String PROPERTIES = "backup.properties";
  public static final String CHECKSUMS = "SHA256SUMS";
  public static final String CHECKPOINT = "checkpoint";

  /** The checkpoint's files, laid out as the state machine's snapshot directory holds them. */
  public Path checkpoint() {
    return directory.resolve(CHECKPOINT);
  }

  /**
   * Reads {@code directory}'s description and checks every file against its SHA-256 sum.
   *
   * @throws IOException naming what is missing, damaged or of another format
   */
  public static BackupLayout verify(Path directory) throws IOException {
    Path description = directory.resolve(PROPERTIES);
    if (!Files.isRegularFile(description)) {
      throw new IOException(directory + " is not a complete Warden backup: it has no " + PROPERTIES);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(description)) {
      p.load(in);
    }
    BackupLayout layout;
    try {
      int format = Integer.parseInt(p.getProperty("format", "0"));
      if (format != FORMAT) {
        throw new IOException(description + " has format " + format + "; this Warden reads format " + FORMAT);
      }
      layout = new BackupLayout(directory, UUID.fromString(p.getProperty("cluster.id")), p.getProperty("server.id"),
          Long.parseLong(p.getProperty("index")), Long.parseLong(p.getProperty("term")));
    } catch (RuntimeException e) {
      throw new IOException(description + " is damaged: " + e.getMessage(), e);
    }
    List<String> lines = Files.readAllLines(directory.resolve(CHECKSUMS));
    List<String> damaged = new ArrayList<>();
    int checked = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      int gap = line.indexOf("  ");
      if (gap < 0) {
        throw new IOException(CHECKSUMS + " line is not '<sha256>  <path>': " + line);
      }
      String expected = line.substring(0, gap);
      String relative = line.substring(gap + 2);
      Path file = directory.resolve(relative).normalize();
      if (!file.startsWith(layout.checkpoint())) {
        throw new IOException(CHECKSUMS + " names a file outside " + CHECKPOINT + "/: " + relative);
      }
      if (!Files.isRegularFile(file) || !expected.equals(PinnedBackups.sha256(file))) {
        damaged.add(relative);
      }
      checked++;
    }
    if (checked == 0) {
      throw new IOException(directory.resolve(CHECKSUMS) + " lists no files");
    }
    if (!damaged.isEmpty()) {
      throw new IOException("backup " + directory + " is damaged: " + damaged.size() + " file(s) missing or changed,"
          + " e.g. " + damaged.get(0));
    }
    return layout;
  }
}
