package io.warden.server.backup;

import io.warden.protocol.client.BackupFile;
import io.warden.server.raft.GroupAdmin.SnapshotFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints pinned for backups being read. Pinning hard-links a snapshot's files (RocksDB never
 * rewrites a file it wrote, and a checkpoint's files are its own) into a directory of the backup's,
 * so a later snapshot's cleanup cannot delete them while a client reads; a file system that cannot
 * link gets copies. A backup nobody read for {@code idleLimit} is unpinned; a restart unpins all.
 */
public final class PinnedBackups implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PinnedBackups.class);

  /** One pinned checkpoint: where it is and what it holds. */
  public record Pinned(String id, long term, long index, Path directory, List<BackupFile> files) {
    Optional<BackupFile> file(String path) {
      return files.stream().filter(f -> f.getPath().equals(path)).findFirst();
    }
  }

  private final Path root;
  private final Duration idleLimit;
  private final LongSupplier nanoTime;
  private final Map<String, Pinned> pinned = new ConcurrentHashMap<>();
  private final Map<String, Long> lastUsedNanos = new ConcurrentHashMap<>();

  /** Empties {@code root} (pins of a previous run) and serves pins from it. */
  public PinnedBackups(Path root, Duration idleLimit, LongSupplier nanoTime) throws IOException {
    this.root = root;
    this.idleLimit = idleLimit;
    this.nanoTime = nanoTime;
    deleteTree(root);
    Files.createDirectories(root);
  }

  /** Pins {@code snapshot}'s files and records their sizes and SHA-256 sums. */
  public Pinned pin(SnapshotFiles snapshot) throws IOException {
    String id = UUID.randomUUID().toString();
    Path directory = root.resolve(id);
    List<BackupFile> files = new ArrayList<>();
    try {
      for (Path relative : snapshot.files()) {
        Path source = snapshot.directory().resolve(relative);
        Path target = directory.resolve(relative);
        Files.createDirectories(target.getParent());
        try {
          Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        files.add(BackupFile.newBuilder()
            .setPath(relative.toString().replace(relative.getFileSystem().getSeparator(), "/"))
            .setSize(Files.size(target))
            .setSha256(sha256(target))
            .build());
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(directory);
      throw e;
    }
    Pinned backup = new Pinned(id, snapshot.term(), snapshot.index(), directory, List.copyOf(files));
    pinned.put(id, backup);
    lastUsedNanos.put(id, nanoTime.getAsLong());
    LOG.info("Backup {} pinned: snapshot at index {} ({} files)", id, snapshot.index(), files.size());
    return backup;
  }

  public Optional<Pinned> get(String id) {
    Pinned backup = pinned.get(id);
    if (backup != null) {
      lastUsedNanos.put(id, nanoTime.getAsLong());
    }
    return Optional.ofNullable(backup);
  }

  /**
   * Up to {@code maxBytes} of a pinned file from {@code offset}; empty at or past its end.
   *
   * @throws IllegalArgumentException if the backup does not list {@code path} (so no other file of
   *                                  the server can be read this way) or the offset is negative
   */
  public byte[] read(Pinned backup, String path, long offset, int maxBytes) throws IOException {
    BackupFile file = backup.file(path).orElseThrow(() -> new IllegalArgumentException(
        "backup " + backup.id() + " has no file " + path));
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative");
    }
    int length = (int) Math.max(0, Math.min(maxBytes, file.getSize() - offset));
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(backup.directory().resolve(path), StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
        // read until full or end of file
      }
    }
    return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
  }

  /** Unpins a backup; false if it was not pinned. */
  public boolean end(String id) {
    Pinned backup = pinned.remove(id);
    lastUsedNanos.remove(id);
    if (backup == null) {
      return false;
    }
    deleteTree(backup.directory());
    LOG.info("Backup {} unpinned", id);
    return true;
  }

  /** Unpins the backups nobody read for the idle limit. */
  public void expireIdle() {
    long now = nanoTime.getAsLong();
    for (Map.Entry<String, Long> used : lastUsedNanos.entrySet()) {
      if (now - used.getValue() > idleLimit.toNanos()) {
        LOG.info("Backup {} was not read for {} s; unpinning it", used.getKey(), idleLimit.toSeconds());
        end(used.getKey());
      }
    }
  }

  public int count() {
    return pinned.size();
  }

  @Override
  public void close() {
    pinned.keySet().forEach(this::end);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
